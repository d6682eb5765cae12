import { NextResponse, type NextRequest } from 'next/server';
import { getConfig } from './lib/config';
import { isForeignOrigin } from './lib/http/same-origin';
import { chatFrameOrigin, contentSecurityPolicy, newNonce } from './lib/security/content-security-policy';

/**
 * Sets the Content-Security-Policy on every page (with a per-response nonce, which Next.js reads from the
 * request header and puts on its scripts). Access checks are not done here: every page and route handler
 * checks the session and role itself on the server.
 */
export function proxy(request: NextRequest) {
  const config = getConfig();
  // A server action (a POST carrying Next-Action) from another site: Next.js refuses it by throwing, which
  // answers 500. Refuse it here as what it is, a 403, before any action code runs.
  if (
    request.method === 'POST' &&
    request.headers.has('next-action') &&
    isForeignOrigin(
      request.headers.get('origin'),
      request.headers.get('x-forwarded-host') ?? request.headers.get('host'),
      config.APP_URL,
    )
  ) {
    return new NextResponse('Cross-origin requests are not accepted.', {
      status: 403,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    });
  }
  const policy = contentSecurityPolicy({
    nonce: newNonce(),
    frameOrigin: chatFrameOrigin(config),
    development: config.NODE_ENV === 'development',
    https: config.APP_URL.startsWith('https://'),
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', policy);
  response.headers.set('x-content-type-options', 'nosniff');
  response.headers.set('referrer-policy', 'strict-origin-when-cross-origin');
  return response;
}

export const config = {
  // Pages only: API routes answer JSON, static files need no policy, prefetches reuse the page's.
  matcher: [
    {
      source: '/((?!api/|_next/static|_next/image|favicon.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
