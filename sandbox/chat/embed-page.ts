import { html, raw } from 'hono/html';

export type Build = 'stable' | 'broken';

export interface EmbedConfig {
  conversationId: string;
  subject: string | null;
  viewer: { id: string; name: string };
  participants: { id: string; name: string }[];
  appOrigin: string;
  token: string;
  /** `?header=none`: the host page already names the conversation (like TalkJS's `showChatHeader: false`). */
  showHeader?: boolean;
}

/** Only the parent app may frame the embed; scripts and connections stay on this origin. */
export const embedCsp = (appOrigin: string) =>
  `default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; ` +
  `base-uri 'none'; form-action 'none'; frame-ancestors ${appOrigin}`;

const css = `
:root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif; font-size: 15px; }
* { box-sizing: border-box; }
html, body { height: 100%; margin: 0; background: #f7f7f8; color: #111827; }
.chat { display: flex; flex-direction: column; height: 100%; }
header { padding: .6rem 1rem; border-bottom: 1px solid #e5e7eb; background: #fff; font-weight: 600; }
header small { display: block; font-weight: 400; color: #6b7280; }
.log { list-style: none; margin: 0; padding: 1rem; flex: 1; overflow-y: auto; display: flex; flex-direction: column; gap: .5rem; }
.msg { max-width: 75%; padding: .45rem .7rem; border-radius: .8rem; background: #fff; border: 1px solid #e5e7eb; align-self: flex-start; }
.msg.own { align-self: flex-end; background: #2563eb; border-color: #2563eb; color: #fff; }
.meta { font-size: .75rem; opacity: .75; margin-bottom: .15rem; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
.receipt { font-size: .7rem; text-align: right; opacity: .85; margin-top: .15rem; }
.status { margin: 0; padding: 0 1rem; min-height: 1.2rem; font-size: .8rem; color: #6b7280; }
.composer { display: flex; gap: .5rem; padding: .75rem 1rem; border-top: 1px solid #e5e7eb; background: #fff; }
.composer textarea { flex: 1; resize: none; font: inherit; padding: .5rem .6rem; border: 1px solid #d1d5db; border-radius: .5rem; }
.composer textarea:focus-visible, .composer button:focus-visible { outline: 2px solid #2563eb; outline-offset: 1px; }
.composer button { font: inherit; padding: 0 1rem; border: 0; border-radius: .5rem; background: #2563eb; color: #fff; cursor: pointer; }
.composer button:disabled { opacity: .6; cursor: default; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.notice { padding: 2rem; text-align: center; color: #374151; }
`;

// JSON inside <script> must not be able to close the tag.
const safeJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

export function embedPage(config: EmbedConfig, build: Build) {
  const others = config.participants.filter((p) => p.id !== config.viewer.id).map((p) => p.name);
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${config.subject ?? 'Chat'}</title>
    <style>${raw(css)}</style>
  </head>
  <body>
    <main class="chat" aria-label="Conversation">
      ${config.showHeader === false ? '' : html`<header>${config.subject ?? others.join(', ')}<small>${others.length > 0 ? `with ${others.join(', ')}` : ''}</small></header>`}
      <ol id="chat-log" class="log" aria-live="polite" aria-label="Messages"></ol>
      <p id="chat-status" class="status" role="status">Loading…</p>
      <div id="composer-slot"></div>
    </main>
    <script id="chat-config" type="application/json">${raw(safeJson(config))}</script>
    <script src="/embed/assets/chat.${build}.js" defer></script>
  </body>
</html>`;
}

/** What the embed shows instead of a chat: a bad token (403) or an outage (503). */
export function noticePage(status: number, message: string) {
  return html`<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Chat unavailable</title><style>${raw(css)}</style></head>
  <body><main class="notice" data-status="${status}"><h1>${status === 403 ? 'This chat link is not valid' : 'Chat is unavailable'}</h1><p>${message}</p></main></body>
</html>`;
}
