import type { Logger } from 'pino';
import { errorResponse } from '../http/error-response';
import { logger, newRequestId } from '../logger';

type Handler = (request: Request) => Promise<Response>;

/**
 * Wraps better-auth's handler (`auth.handler`, or `toNextJsHandler(auth).POST`) for /api/auth. With
 * `onAPIError: { throw: true }` (lib/auth/auth.ts) better-auth still answers its own refusals (401 wrong password,
 * 429, 400 …) but throws what it did not expect instead of answering a bare 500 and printing the stack to the
 * console. That error gets our one mapping (lib/http/error-response.ts): a database outage is 503 `unavailable` +
 * Retry-After, so a sign-in during an outage says "retry later" instead of failing as a crash; anything else is a
 * logged 500 with a request id.
 */
export function authRouteHandler(handler: Handler, log: Logger = logger): Handler {
  return async (request) => {
    try {
      return await handler(request);
    } catch (error) {
      const requestId = newRequestId();
      return errorResponse(error, requestId, log.child({ reqId: requestId, route: 'auth' }));
    }
  };
}
