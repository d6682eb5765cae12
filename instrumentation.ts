// Next.js instrumentation hook (https://nextjs.org/docs/app/api-reference/file-conventions/instrumentation):
// `onRequestError` is called on the server for every error thrown while rendering a page or running a route.
// A page render that failed because the database is unavailable starts (or continues) the web process's
// outage: it is counted, logged once per outage, and proxy.ts answers the next page requests 503 + Retry-After
// until the database answers again (lib/db/web-outage.ts).
import type { Instrumentation } from 'next';

export const onRequestError: Instrumentation.onRequestError = async (error, _request, context) => {
  if (context.routeType !== 'render') return; // route handlers answer their own 503 (lib/http/error-response.ts)
  const [{ isDatabaseUnavailable }, { noteUnavailable }] = await Promise.all([
    import('./lib/db/unavailable'),
    import('./lib/db/web-outage'),
  ]);
  if (isDatabaseUnavailable(error)) noteUnavailable(error, 'page');
};
