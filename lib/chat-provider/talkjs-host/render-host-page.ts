import { jwtVerify } from 'jose';

/** Where our TalkJS host page and its script are served (route handlers under app/api/chat-host/talkjs). */
export const TALKJS_HOST_PAGE_PATH = '/api/chat-host/talkjs/c';
export const TALKJS_HOST_SCRIPT_PATH = '/api/chat-host/talkjs/host.js';

/** The SDK's only published location: the `talkjs` npm package (0.46.0) loads exactly this URL (src/index.esnext.js). */
export const TALKJS_CDN_SDK_URL = 'https://cdn.talkjs.com/talk.js';

export interface HostPageInput {
  appId: string;
  conversationId: string;
  /** The identity token from the embed URL; verified here so a bad one fails fast with a named cause. */
  token: string | null;
  /** Signs identity tokens (VENDOR_API_SECRET, TalkJS's secret key). */
  secret: string;
  sdkUrl: string;
  /** The app's origin: the only frame ancestor and the only target of our postMessage. */
  parentOrigin: string;
  /** The page reports chat:error itself when the SDK is not ready in this time (a little under the parent's timeout). */
  readyTimeoutMs: number;
  now?: Date;
}

/**
 * The host page's Content-Security-Policy. TalkJS's UI runs in frames and connections to *.talkjs.com (talkjs.com/docs ›
 * Security › Content Security Policy asks to allow TalkJS's domains for script, frame, connect, image and media; the
 * exact directive list there could not be re-checked here, so this allows *.talkjs.com for each of them). The SDK's
 * own origin is added when TALKJS_SDK_URL points elsewhere (the sandbox's stand-in).
 */
export function talkJsHostCsp(sdkUrl: string): string {
  const sdk = new URL(sdkUrl).origin;
  const talk = 'https://*.talkjs.com';
  const extra = sdk.endsWith('.talkjs.com') ? '' : ` ${sdk}`;
  return [
    `default-src 'none'`,
    `script-src 'self' https://cdn.talkjs.com${extra}`,
    `connect-src 'self' ${talk} wss://*.talkjs.com${extra}`,
    `frame-src ${talk}${extra}`,
    `img-src 'self' data: blob: ${talk}${extra}`,
    `media-src ${talk}${extra}`,
    `style-src 'self' 'unsafe-inline' ${talk}`,
    `font-src ${talk}`,
    `frame-ancestors 'self'`,
    `base-uri 'none'`,
    `form-action 'none'`,
  ].join('; ');
}

const escapeAttr = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Renders the page the chat iframe loads when CHAT_VENDOR=talkjs. The token must be the identity JWT TalkJS documents
 * (talkjs.com/docs › Security settings › Authentication: HS256 with the secret key, `tokenType: "user"`, `iss` = app id,
 * `sub` = user id); an invalid or expired one renders a page that reports chat:error naming why, so the parent shows
 * the fallback at once instead of waiting for its timeout. Returns the HTML and its CSP header value.
 */
export async function renderTalkJsHostPage(input: HostPageInput): Promise<{ html: string; csp: string }> {
  let userId = '';
  let error = '';
  try {
    if (!input.token) throw new Error('no token in the embed URL');
    const { payload } = await jwtVerify(input.token, new TextEncoder().encode(input.secret), {
      issuer: input.appId,
      algorithms: ['HS256'],
      currentDate: input.now,
    });
    if (payload.tokenType !== 'user' || typeof payload.sub !== 'string') throw new Error('not a TalkJS user token');
    userId = payload.sub;
  } catch (cause) {
    error = `chat sign-in token rejected: ${(cause as Error).message}`;
  }
  const attrs: Record<string, string> = {
    'data-app-id': input.appId,
    'data-conversation-id': input.conversationId,
    'data-user-id': userId,
    'data-sdk-url': input.sdkUrl,
    'data-parent-origin': input.parentOrigin,
    'data-ready-timeout-ms': String(input.readyTimeoutMs),
    ...(error ? { 'data-error': error } : {}),
  };
  const body = Object.entries(attrs)
    .map(([k, v]) => `${k}="${escapeAttr(v)}"`)
    .join(' ');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Chat</title>
<style>html,body{margin:0;height:100%;font-family:system-ui,sans-serif}#talkjs-container{height:100%}#talkjs-status{position:absolute;top:1rem;width:100%;text-align:center;color:#64748b;font-size:.875rem}</style></head>
<body ${body}><p id="talkjs-status" role="status">Loading the chat…</p><div id="talkjs-container" data-testid="talkjs-container"></div>
<script src="${TALKJS_HOST_SCRIPT_PATH}"></script></body></html>`;
  return { html, csp: talkJsHostCsp(input.sdkUrl) };
}
