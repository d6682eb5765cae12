export interface CspOptions {
  nonce: string;
  /** The vendor chat's origin: the only thing any page may frame. */
  frameOrigin: string;
  development: boolean;
  https: boolean;
}

/**
 * The app's Content-Security-Policy. Scripts run only with this response's nonce (Next.js adds it to its own
 * scripts); the only frame allowed is the vendor chat. It is the same on every page because a client-side
 * navigation keeps the first document's policy: a stricter frame-src on /projects would block the chat after
 * following a link to a project.
 */
export function contentSecurityPolicy({ nonce, frameOrigin, development, https }: CspOptions): string {
  const directives = [
    `default-src 'self'`,
    // React uses eval only in development, to rebuild server error stacks.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? ` 'unsafe-eval'` : ''}`,
    // style attributes (React's style={}) need 'unsafe-inline'; style cannot run code.
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self'`,
    `connect-src 'self'${development ? ' ws:' : ''}`,
    `frame-src ${frameOrigin}`,
    `worker-src 'self'`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
    ...(https ? ['upgrade-insecure-requests'] : []),
  ];
  return directives.join('; ');
}

/**
 * The chat iframe's origin, from configuration alone (VENDOR_EMBED_URL, which defaults to VENDOR_API_URL): every
 * adapter frames its UI from there. Pages never build a vendor adapter, so nothing about the webhook secret or
 * the vendor's API can stop a page from rendering.
 */
export function chatFrameOrigin(config: { VENDOR_EMBED_URL: string }): string {
  return new URL(config.VENDOR_EMBED_URL).origin;
}

/** 128 random bits, base64: fresh for every response. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
