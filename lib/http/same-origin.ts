import { getConfig } from '../config';
import { ForbiddenError } from '../errors';

/**
 * For state-changing requests: a browser always sends Origin on a cross-origin POST, so one that is present and
 * not ours is refused. Cookies are SameSite=Lax already; this also covers same-site subdomains.
 */
export function assertSameOrigin(request: Request, appUrl = getConfig().APP_URL): void {
  const origin = request.headers.get('origin');
  if (origin && origin !== new URL(appUrl).origin) throw new ForbiddenError('Cross-origin requests are not accepted.');
}
