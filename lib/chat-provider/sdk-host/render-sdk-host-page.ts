import { sdkHostPaths, sdkHosts, type SdkHostVendor } from './sdk-hosts';

export interface SdkHostPageInput {
  vendor: SdkHostVendor;
  appId: string;
  conversationId: string;
  /** Sendbird's `connect(userId, token)` and Stream's `connectUser({ id }, token)` need the user id beside the token; Twilio's token names it. */
  userId: string | null;
  /** The vendor's browser token from the embed URL (Sendbird session token, Twilio access token, Stream user JWT). */
  token: string | null;
  /** The vendor API base the browser SDK should use, when it takes one (Stream: `VENDOR_API_URL`, for regional apps). */
  apiUrl?: string;
  /** The app's origin: the only frame ancestor and the only target of our postMessage. */
  parentOrigin: string;
  /** The page reports chat:error itself when the SDK is not ready in this time (a little under the parent's timeout). */
  readyTimeoutMs: number;
}

/** The host page's Content-Security-Policy: our own scripts only (the SDK is served from our origin), the vendor's API and sockets. */
export function sdkHostCsp(vendor: SdkHostVendor): string {
  const { connect, media } = sdkHosts[vendor];
  return [
    `default-src 'none'`,
    `script-src 'self'`,
    `connect-src 'self' ${connect.join(' ')}`,
    `img-src 'self' data: blob: ${media.join(' ')}`,
    `media-src ${media.join(' ')}`,
    `style-src 'self' 'unsafe-inline'`,
    `frame-ancestors 'self'`,
    `base-uri 'none'`,
    `form-action 'none'`,
  ].join('; ');
}

const escapeAttr = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Renders the page the chat iframe loads for Sendbird, Twilio and Stream: the vendor's SDK mounted on the conversation by
 * ./host-scripts.ts. A missing token renders a page that reports chat:error at once, naming why, so the parent shows
 * the fallback without waiting for its timeout. Returns the HTML and its CSP header value.
 */
export function renderSdkHostPage(input: SdkHostPageInput): { html: string; csp: string } {
  const paths = sdkHostPaths(input.vendor);
  const error = !input.token
    ? 'chat sign-in token rejected: no token in the embed URL'
    : input.vendor !== 'twilio' && !input.userId
      ? 'chat sign-in token rejected: no user in the embed URL'
      : '';
  const attrs: Record<string, string> = {
    'data-vendor': input.vendor,
    'data-app-id': input.appId,
    'data-conversation-id': input.conversationId,
    'data-user-id': input.userId ?? '',
    'data-sdk-url': paths.sdk,
    ...(input.apiUrl ? { 'data-api-url': input.apiUrl } : {}),
    'data-parent-origin': input.parentOrigin,
    'data-ready-timeout-ms': String(input.readyTimeoutMs),
    ...(error ? { 'data-error': error } : {}),
  };
  const body = Object.entries(attrs)
    .map(([k, v]) => `${k}="${escapeAttr(v)}"`)
    .join(' ');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Chat</title>
<style>html,body{margin:0;height:100%;font-family:system-ui,sans-serif}#chat-messages{list-style:none;margin:0;padding:1rem;height:calc(100% - 4.5rem);overflow:auto}#chat-composer{display:flex;gap:.5rem;padding:.5rem}#chat-composer input{flex:1}#chat-status{position:absolute;top:1rem;width:100%;text-align:center;color:#64748b;font-size:.875rem}</style></head>
<body ${body}><p id="chat-status" role="status">Loading the chat…</p><ul id="chat-messages" data-testid="chat-messages"></ul>
<form id="chat-composer" hidden><input name="text" aria-label="Message" autocomplete="off"><button type="submit">Send</button></form>
<script src="${paths.script}"></script></body></html>`;
  return { html, csp: sdkHostCsp(input.vendor) };
}
