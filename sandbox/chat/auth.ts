import type { MiddlewareHandler } from 'hono';
import { createHash, timingSafeEqual } from 'node:crypto';
import { SandboxError, notFound } from '../http/errors';
import type { SandboxEnv } from '../http/env';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Constant time, whatever the lengths: both sides are hashed to 32 bytes first. */
export function secretsEqual(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** The REST API's guard: the app id must be ours, then `Authorization: Bearer <VENDOR_API_SECRET>`. */
export function vendorAuth(appId: string, secret: string): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    if (c.req.param('appId') !== appId) throw notFound(`App ${c.req.param('appId') ?? ''}`);
    const match = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '');
    if (!match?.[1] || !secretsEqual(match[1].trim(), secret))
      throw new SandboxError(401, 'unauthorized', 'Missing or invalid API secret');
    await next();
  };
}
