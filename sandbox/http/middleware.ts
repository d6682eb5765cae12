import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { newId } from '../ids';
import type { Logger } from '../log';
import { SandboxError } from './errors';
import type { SandboxEnv } from './env';

export const BODY_LIMIT_BYTES = 256 * 1024;

/** A request id (honouring X-Request-Id) and a child logger per request; one access-log line each. */
export function requestContext(log: Logger): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const reqId = incoming && /^[\w.-]{1,100}$/.test(incoming) ? incoming : newId('req');
    const child = log.child({ reqId });
    c.set('reqId', reqId);
    c.set('log', child);
    const started = performance.now();
    await next();
    c.header('X-Request-Id', reqId);
    const status = c.res.status;
    const line = {
      method: c.req.method,
      path: c.req.path,
      status,
      durationMs: Math.round(performance.now() - started),
    };
    if (status >= 500) child.warn(line, 'request failed');
    else child.debug(line, 'request');
  };
}

/** 256 KB on every body, as the vendor documents. */
export const limitBody: MiddlewareHandler<SandboxEnv> = bodyLimit({
  maxSize: BODY_LIMIT_BYTES,
  onError: (c) => {
    // The rest of the body is never read: tell the client not to reuse this connection.
    c.header('Connection', 'close');
    throw new SandboxError(413, 'payload_too_large', `Request body exceeds ${BODY_LIMIT_BYTES} bytes`);
  },
});
