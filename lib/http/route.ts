import { appContext, extendContext, type ServiceContext } from '../context';
import { logger, newRequestId } from '../logger';
import { errorResponse } from './error-response';

/** The service context of one request (`log` carries its request id), with the route's params. */
export interface RouteContext<P> extends ServiceContext {
  params: P;
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
      const response = await handler(
        request,
        extendContext(appContext(log), { params: await context.params, requestId }),
      );
      response.headers.set('x-request-id', requestId);
      return response;
    } catch (error) {
      return errorResponse(error, requestId, log);
    }
  };
}
