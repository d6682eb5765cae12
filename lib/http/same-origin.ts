import { getConfig } from '../config';
import { ForbiddenError } from '../errors';

/**
 * True when a request's Origin header (RFC 6454 §7) names another site than ours: neither the configured
 * APP_URL origin nor the host the request was sent to (what Next.js itself compares server actions against,
 * next/dist/server/app-render/action-handler.js). No Origin header is not foreign (same-origin GETs, old clients).
 */
export function isForeignOrigin(origin: string | null, host: string | null, appUrl: string): boolean {
  if (origin === null) return false;
  if (origin === new URL(appUrl).origin) return false;
  try {
    return !host || new URL(origin).host !== host;
  } catch {
    return true; // "null" (sandboxed frames, privacy-sensitive redirects) and garbage
  }
}

/**
 * For state-changing requests: a browser always sends Origin on a cross-origin POST, so one that is present and
 * not ours is refused. Cookies are SameSite=Lax already; this also covers same-site subdomains.
 */
export function assertSameOrigin(request: Request, appUrl = getConfig().APP_URL): void {
  const origin = request.headers.get('origin');
  if (origin && origin !== new URL(appUrl).origin) throw new ForbiddenError('Cross-origin requests are not accepted.');
}
