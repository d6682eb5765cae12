import { requestDeadlineMs } from '../config';
import { appContext, extendContext, type ServiceContext } from '../context';
import { logger, newRequestId } from '../logger';
import { errorResponse } from './error-response';
import { refuseUnderPressure } from './pressure';
import { withinRequestDeadline } from './request-deadline';

/** The service context of one request (`log` carries its request id), with the route's params. */
export interface RouteContext<P> extends ServiceContext {
  params: P;
  requestId: string;
  /** `performance.now()` when the request reached the route: deadlines inside the handler count from it. */
  startedAt: number;
}

export interface RouteOptions {
  /**
   * How long the handler may take before the request answers 503 + Retry-After (ms). Default REQUEST_DEADLINE_MS.
   * `null` only through exportRoute (downloads that legitimately take longer); their database waits stay bounded.
   */
  deadlineMs?: number | null;
}

/**
 * Wraps a route handler: a request id and logger per request, a 503 before any work while the process is under
 * pressure (./pressure.ts), a deadline (a request never hangs, whatever it
 * waits for: a frozen database's waits add up across queries, a pool checkout plus a query), and every thrown
 * error mapped to a JSON response in one place (lib/http/error-response.ts). Handlers only parse input, call a
 * service, answer.
 */
export function route<P = Record<string, never>>(
  name: string,
  handler: (request: Request, context: RouteContext<P>) => Promise<Response>,
  options: RouteOptions = {},
) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    const startedAt = performance.now();
    const requestId = newRequestId();
    const log = logger.child({ reqId: requestId, route: name });
    // A starved process sheds before the handler runs (no body read, no database): lib/http/pressure.ts.
    const overloaded = refuseUnderPressure(name);
    if (overloaded) return errorResponse(overloaded, requestId, log);
    try {
      const deadlineMs = options.deadlineMs === undefined ? requestDeadlineMs() : options.deadlineMs;
      const work = (async () =>
        handler(request, extendContext(appContext(log), { params: await context.params, requestId, startedAt })))();
      const response = deadlineMs === null ? await work : await withinRequestDeadline(work, deadlineMs, startedAt);
      response.headers.set('x-request-id', requestId);
      return response;
    } catch (error) {
      return errorResponse(error, requestId, log);
    }
  };
}

/**
 * A generated download (a report's CSV or PDF, an incident's evidence PDF or ZIP): `route` without the request
 * deadline, because printing a page in Chromium legitimately takes longer than REQUEST_DEADLINE_MS on a busy machine
 * (a 503 there cancels the user's download). It stays bounded: the PDF by REPORT_PDF_TIMEOUT_MS
 * (lib/pdf/render-pdf.ts), each database wait by the pool's timeouts (lib/db/timeouts.ts). Every route that calls
 * renderPdf or measureExport must be one of these (checked in lib/http/export-route.test.ts).
 */
export function exportRoute<P = Record<string, never>>(
  name: string,
  handler: (request: Request, context: RouteContext<P>) => Promise<Response>,
) {
  return route<P>(name, handler, { deadlineMs: null });
}
