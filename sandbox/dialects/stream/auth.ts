import type { MiddlewareHandler } from 'hono';
import { errors, jwtVerify } from 'jose';
import { SandboxError } from '../../http/errors';
import type { SandboxEnv } from '../../http/env';

/**
 * Stream's server-side authentication (getstream.io/chat/docs/node/tokens_and_authentication, and what the
 * `stream-chat` server client sends: `_enrichAxiosOptions`): `?api_key=<key>`, header `stream-auth-type: jwt` and
 * `Authorization: <JWT>` (no "Bearer") — HS256 with the API secret, payload `{ server: true }`. 401 otherwise
 * (Stream code 5, "Unauthenticated, problem with authentication").
 */
export function streamServerAuth(apiKey: string, secret: string): MiddlewareHandler<SandboxEnv> {
  const key = new TextEncoder().encode(secret);
  const refuse = (why: string) => new SandboxError(401, 'unauthorized', why);
  return async (c, next) => {
    if (c.req.query('api_key') !== apiKey) throw refuse('api_key not valid');
    if (c.req.header('stream-auth-type') !== 'jwt') throw refuse('stream-auth-type must be jwt');
    const token = c.req.header('authorization')?.trim();
    if (!token) throw refuse('missing Authorization header');
    try {
      const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'] });
      if (payload.server !== true) throw refuse('token is not a server token ({ server: true })');
    } catch (error) {
      if (error instanceof errors.JOSEError) throw refuse(`invalid token: ${error.message}`);
      throw error;
    }
    await next();
  };
}
