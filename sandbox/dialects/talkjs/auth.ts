import type { MiddlewareHandler } from 'hono';
import { errors, jwtVerify } from 'jose';
import { secretsEqual } from '../../chat/auth';
import { SandboxError, notFound } from '../../http/errors';
import type { SandboxEnv } from '../../http/env';

/**
 * TalkJS's REST authentication (talkjs.com/docs › REST API › Getting started › Authentication): `Authorization:
 * Bearer <token>` where the token is an app-scoped JWT — HS256 with the secret key, `iss` = app id,
 * `tokenType: "app"`, with an expiry — or, for legacy clients, the secret key itself. 401 otherwise; an unknown
 * app id is 404 (no such resource).
 */
export function talkjsAuth(appId: string, secret: string): MiddlewareHandler<SandboxEnv> {
  const key = new TextEncoder().encode(secret);
  return async (c, next) => {
    if (c.req.param('appId') !== appId) throw notFound(`App ${c.req.param('appId') ?? ''}`);
    const token = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]?.trim();
    if (!token) throw new SandboxError(401, 'unauthorized', 'Missing Authorization: Bearer header');
    if (secretsEqual(token, secret)) return next();
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms: ['HS256'],
        issuer: appId,
        requiredClaims: ['exp'],
      });
      if (payload.tokenType !== 'app')
        throw new SandboxError(401, 'unauthorized', 'token is not app-scoped (tokenType "app")');
    } catch (error) {
      if (error instanceof errors.JOSEError)
        throw new SandboxError(401, 'unauthorized', `invalid token: ${error.message}`);
      throw error;
    }
    await next();
  };
}
