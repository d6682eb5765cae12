import { NextResponse, type NextRequest } from 'next/server';
import { getConfig } from './lib/config';
import { isDatabaseKnownDown } from './lib/db/outage-gate';
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
  // During a database outage this process already knows of, a page would wait for the pool's timeouts and end
  // in Next.js's error page (a 500: a server component cannot choose its status). Answer 503 + Retry-After now.
  if (isDatabaseKnownDown()) return temporarilyUnavailable(config.RETRY_AFTER_SECONDS);
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

/** The page answered while the database is away: 503 + Retry-After (RFC 9110 §15.6.4), reloading itself after it. */
function temporarilyUnavailable(retryAfterSeconds: number): NextResponse {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="${retryAfterSeconds}"><title>Temporarily unavailable · ChatWatch</title></head><body><h1>ChatWatch is temporarily unavailable</h1><p>Our database is not answering right now. This page tries again in ${retryAfterSeconds} seconds; nothing you sent before this was lost.</p></body></html>`;
  return new NextResponse(html, {
    status: 503,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'retry-after': String(retryAfterSeconds),
      'content-security-policy': "default-src 'none'",
    },
  });
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
