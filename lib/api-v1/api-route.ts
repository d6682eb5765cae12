import type { SessionUser } from '../auth/session';
import { authenticateApiToken } from '../api-tokens/authenticate-api-token';
import { extendContext } from '../context';
import { route, type RouteContext } from '../http/route';

/** A /api/v1 route: the bearer token checked first, errors mapped to JSON like every route, no caching. */
export function apiRoute(
  name: string,
  handler: (request: Request, context: RouteContext<Record<string, never>> & { user: SessionUser }) => Promise<unknown>,
) {
  return route(name, async (request, context) => {
    const user = await authenticateApiToken(context.db, request.headers.get('authorization'));
    const body = await handler(request, extendContext(context, { user }));
    return Response.json(body, { headers: { 'cache-control': 'no-store' } });
  });
}
