import type { Logger } from 'pino';
import { logger, newRequestId } from '../logger';
import { errorResponse } from './error-response';

export interface RouteContext<P> {
  params: P;
  log: Logger;
  requestId: string;
}

/**
 * Wraps a route handler: a request id and logger per request, and every thrown error mapped to a JSON
 * response in one place (lib/http/error-response.ts). Handlers only parse input, call a service, answer.
 */
export function route<P = Record<string, never>>(
  name: string,
  handler: (request: Request, context: RouteContext<P>) => Promise<Response>,
) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    const requestId = newRequestId();
    const log = logger.child({ reqId: requestId, route: name });
    try {
      const response = await handler(request, { params: await context.params, log, requestId });
      response.headers.set('x-request-id', requestId);
      return response;
    } catch (error) {
      return errorResponse(error, requestId, log);
    }
  };
}
