import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signHs256 } from '../signing';
import { TALKJS_HOST_SCRIPT } from './host-script';
import {
  renderTalkJsHostPage,
  TALKJS_CDN_SDK_URL,
  TALKJS_HOST_PAGE_PATH,
  TALKJS_HOST_SCRIPT_PATH,
} from './render-host-page';

// Our TalkJS host page in a real Chromium, framed by a parent page of the same origin (as the app frames it), served
// with its own CSP. TalkJS's CDN is never reached: Playwright either aborts the SDK request (the network blocked) or
// answers it with a stub `Talk` object. The parent records every postMessage the frame sends it.

const APP_ID = 'tJsHost01';
const SECRET = 'sk_test_host_secret_0123456789';
let server: Server;
let origin: string;
let browser: Browser;

const parentPage = (src: string) => `<!doctype html><html><body><script>
  window.chatEvents = [];
  window.addEventListener('message', (event) => { if (event.origin === location.origin) window.chatEvents.push(event.data); });
</script><iframe id="chat" src="${src.replace(/"/g, '&quot;')}" sandbox="allow-scripts allow-same-origin allow-forms" style="width:480px;height:560px"></iframe></body></html>`;

beforeAll(async () => {
  server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', origin);
      if (url.pathname === '/parent') {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        return res.end(parentPage(url.searchParams.get('src') ?? ''));
      }
      if (url.pathname === TALKJS_HOST_SCRIPT_PATH) {
        res.setHeader('content-type', 'text/javascript');
        return res.end(TALKJS_HOST_SCRIPT);
      }
      if (url.pathname.startsWith(`${TALKJS_HOST_PAGE_PATH}/`)) {
        const conversationId = decodeURIComponent(url.pathname.slice(TALKJS_HOST_PAGE_PATH.length + 1));
        const { html, csp } = await renderTalkJsHostPage({
          appId: APP_ID,
          conversationId,
          token: url.searchParams.get('token'),
          secret: SECRET,
          sdkUrl: TALKJS_CDN_SDK_URL,
          parentOrigin: origin,
          readyTimeoutMs: 10_000,
        });
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp });
        return res.end(html);
      }
      res.statusCode = 404;
      res.end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

const userToken = (sub: string, secret = SECRET) =>
  signHs256({ secret, issuer: APP_ID, subject: sub, expiresInSeconds: 600, claims: { tokenType: 'user' } });

/** Opens the parent page framing the host page; `sdk` decides what the SDK request gets. Resolves with the first chat:* message. */
async function open(sdk: 'abort' | string, token: string, conversationId = 'project_1') {
  const context = await browser.newContext();
  const page: Page = await context.newPage();
  try {
    await page.route(TALKJS_CDN_SDK_URL, (route) =>
      sdk === 'abort'
        ? route.abort('blockedbyclient')
        : route.fulfill({ status: 200, contentType: 'text/javascript', body: sdk }),
    );
    const src = `${origin}${TALKJS_HOST_PAGE_PATH}/${conversationId}?token=${encodeURIComponent(token)}`;
    await page.goto(`${origin}/parent?src=${encodeURIComponent(src)}`);
    await page.waitForFunction(
      () => (window as unknown as { chatEvents: unknown[] }).chatEvents.length > 0,
      undefined,
      { timeout: 15_000 },
    );
    const events = await page.evaluate(() => (window as unknown as { chatEvents: unknown[] }).chatEvents);
    const calls = await page
      .frameLocator('#chat')
      .locator('body')
      .evaluate(() => (window as unknown as { talkCalls?: unknown[] }).talkCalls ?? []);
    return { events, calls };
  } finally {
    await context.close();
  }
}

/** A stand-in for TalkJS's SDK with the surface our host script uses; it records each call. */
const stubSdk = (mount: string) => `window.talkCalls = [];
window.Talk = { ready: Promise.resolve(), Session: function (options) {
  talkCalls.push(['Session', options]);
  this.createChatbox = function () { talkCalls.push(['createChatbox']); return {
    select: function (id) { talkCalls.push(['select', id]); },
    mount: function (el) { talkCalls.push(['mount', el && el.id]); return ${mount}; } }; };
} };`;

describe('TalkJS host page', () => {
  it('posts chat:ready after signing in with the identity token and mounting the conversation', async () => {
    const token = await userToken('user_7');
    const { events, calls } = await open(stubSdk('Promise.resolve()'), token);
    expect(events).toEqual([{ type: 'chat:ready', conversationId: 'project_1' }]);
    expect(calls).toEqual([
      ['Session', { appId: APP_ID, userId: 'user_7', token }],
      ['createChatbox'],
      ['select', 'project_1'],
      ['mount', 'talkjs-container'],
    ]);
  });

  it('posts chat:error naming the blocked SDK when its network request fails', async () => {
    const { events } = await open('abort', await userToken('user_7'));
    expect(events).toEqual([
      {
        type: 'chat:error',
        conversationId: 'project_1',
        message: `TalkJS SDK could not be loaded from ${TALKJS_CDN_SDK_URL} (blocked or unreachable)`,
      },
    ]);
  });

  it("passes the SDK's own error on when mounting fails", async () => {
    const { events } = await open(
      stubSdk(
        `Promise.reject(Object.assign(new Error('[TalkJS] Authentication failed: token expired'), { name: 'TalkJSError' }))`,
      ),
      await userToken('user_7'),
    );
    expect(events).toEqual([
      {
        type: 'chat:error',
        conversationId: 'project_1',
        message: 'TalkJS chatbox failed: TalkJSError: [TalkJS] Authentication failed: token expired',
      },
    ]);
  });

  it('reports a token it cannot verify at once, without loading the SDK', async () => {
    const { events, calls } = await open(
      stubSdk('Promise.resolve()'),
      await userToken('user_7', 'sk_test_some_other_secret_000'),
    );
    expect(events).toEqual([
      {
        type: 'chat:error',
        conversationId: 'project_1',
        message: 'chat sign-in token rejected: signature verification failed',
      },
    ]);
    expect(calls).toEqual([]);
  });
});
