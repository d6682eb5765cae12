import type { MiddlewareHandler } from 'hono';
import { secretsEqual } from '../../chat/auth';
import { SandboxError } from '../../http/errors';
import type { SandboxEnv } from '../../http/env';

/**
 * Sendbird's Platform API authentication (…/platform-api/v3/prepare-to-use-api › Authentication): the master or a
 * secondary API token in the `Api-Token` header; anything else is refused (error 400401, "Invalid API token").
 */
export function sendbirdAuth(masterToken: string): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    const token = c.req.header('api-token')?.trim();
    if (!token || !secretsEqual(token, masterToken))
      throw new SandboxError(401, 'unauthorized', 'Invalid value: "Api-Token".');
    await next();
  };
}
