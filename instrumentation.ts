// Next.js instrumentation hook (https://nextjs.org/docs/app/api-reference/file-conventions/instrumentation):
// `onRequestError` is called on the server for every error thrown while rendering a page or running a route.
// A page render that failed because the database is unavailable starts (or continues) the web process's
// outage: it is counted, logged once per outage, and proxy.ts answers the next page requests 503 + Retry-After
// until the database answers again (lib/db/web-outage.ts).
import type { Instrumentation } from 'next';

export const onRequestError: Instrumentation.onRequestError = async (error, _request, context) => {
  // Route handlers answer their own 503 (lib/http/error-response.ts); a page render or a server action cannot
  // choose its status, so it only starts the outage and the proxy answers the next ones.
  if (context.routeType !== 'render' && context.routeType !== 'action') return;
  const [{ isDatabaseUnavailable }, { noteUnavailable }] = await Promise.all([
    import('./lib/db/unavailable'),
    import('./lib/db/web-outage'),
  ]);
  if (isDatabaseUnavailable(error)) noteUnavailable(error, 'page');
};
