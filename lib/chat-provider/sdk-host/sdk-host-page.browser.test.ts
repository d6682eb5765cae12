import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureStreamSdkBundle } from '../../../scripts/lib/stream-sdk-bundle.mjs';
import { createChatProvider } from '../index';
import { renderSdkHostPage } from './render-sdk-host-page';
import { sdkHostPaths, sdkHosts, type SdkHostVendor } from './sdk-hosts';

// Our Sendbird, Twilio and Stream host pages in a real Chromium, framed by a parent page of the same origin (as the app frames
// them), each served with its own CSP. Two kinds of runs:
// - the SDK request answered by a stub SDK that records its calls, or aborted (the SDK blocked);
// - the REAL SDK build from the pinned npm package (for Stream: our bundle of it), with every host but 127.0.0.1
//   unresolvable (the vendor's network blocked): the page must still report chat:error, never hang or claim ready.

let server: Server;
let origin: string;
let browser: Browser;
let offline: Browser;

const parentPage = (src: string) => `<!doctype html><html><body><script>
  window.chatEvents = [];
  window.addEventListener('message', (event) => { if (event.origin === location.origin) window.chatEvents.push(event.data); });
</script><iframe id="chat" src="${src.replace(/"/g, '&quot;')}" sandbox="allow-scripts allow-same-origin allow-forms" style="width:480px;height:560px"></iframe></body></html>`;

const vendors: SdkHostVendor[] = ['sendbird', 'twilio', 'stream'];

beforeAll(async () => {
  ensureStreamSdkBundle();
  server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', origin);
      if (url.pathname === '/parent') {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        return res.end(parentPage(url.searchParams.get('src') ?? ''));
      }
      for (const vendor of vendors) {
        const paths = sdkHostPaths(vendor);
        if (url.pathname === paths.script) {
          res.setHeader('content-type', 'text/javascript');
          return res.end(sdkHosts[vendor].script);
        }
        if (url.pathname === paths.sdk) {
          res.setHeader('content-type', 'text/javascript');
          return res.end(await readFile(sdkHosts[vendor].sdkFile()));
        }
        if (url.pathname.startsWith(`${paths.page}/`)) {
          const { html, csp } = renderSdkHostPage({
            vendor,
            appId: 'APP-1234',
            conversationId: decodeURIComponent(url.pathname.slice(paths.page.length + 1)),
            userId: url.searchParams.get('user'),
            token: url.searchParams.get('token'),
            // Stream's default base (VENDOR_API_URL in the app); the other vendors' scripts ignore it.
            apiUrl: 'https://chat.stream-io-api.com',
            parentOrigin: origin,
            readyTimeoutMs: 6000,
          });
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp });
          return res.end(html);
        }
      }
      res.statusCode = 404;
      res.end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const args = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'];
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args });
  offline = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [...args, '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
});

afterAll(async () => {
  await browser?.close();
  await offline?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

/** Opens the parent framing the host page; `sdk`: a stub body, 'abort', or 'real'. Resolves with the first chat:* message. */
async function open(vendor: SdkHostVendor, sdk: 'abort' | 'real' | string, query: string, on: Browser = browser) {
  const context = await on.newContext();
  const page = await context.newPage();
  try {
    const sdkUrl = `${origin}${sdkHostPaths(vendor).sdk}`;
    if (sdk !== 'real')
      await page.route(sdkUrl, (route) =>
        sdk === 'abort'
          ? route.abort('blockedbyclient')
          : route.fulfill({ status: 200, contentType: 'text/javascript', body: sdk }),
      );
    const src = `${origin}${sdkHostPaths(vendor).page}/project_1?${query}`;
    await page.goto(`${origin}/parent?src=${encodeURIComponent(src)}`);
    await page.waitForFunction(
      () => (window as unknown as { chatEvents: unknown[] }).chatEvents.length > 0,
      undefined,
      {
        timeout: 20_000,
      },
    );
    const events = await page.evaluate(() => (window as unknown as { chatEvents: unknown[] }).chatEvents);
    const frame = page.frameLocator('#chat').locator('body');
    const calls = await frame.evaluate(() => (window as unknown as { sdkCalls?: unknown[] }).sdkCalls ?? []);
    const shown = await page.frameLocator('#chat').locator('#chat-messages li').allTextContents();
    return { events, calls, shown };
  } finally {
    await context.close();
  }
}

/** Stand-in for @sendbird/chat's UMD global with the surface our script uses; `connect` is the connect() result. */
const sendbirdStub = (connect: string) => `window.sdkCalls = [];
window.Sendbird = { GroupChannelModule: function () { sdkCalls.push(['GroupChannelModule']); },
  SendbirdChat: { init: function (o) { sdkCalls.push(['init', o.appId, o.modules.length]); return {
    connect: function (u, t) { sdkCalls.push(['connect', u, t]); return ${connect}; },
    groupChannel: { getChannel: function (url) { sdkCalls.push(['getChannel', url]); return Promise.resolve({
      createPreviousMessageListQuery: function (p) { return { load: function () {
        return Promise.resolve([{ sender: { nickname: 'Ann', userId: 'u1' }, message: 'Hello there' }]); } }; },
      sendUserMessage: function () { return { onSucceeded: function () { return { onFailed: function () {} }; } }; },
      markAsRead: function () { sdkCalls.push(['markAsRead']); return Promise.resolve(); } }); } } }; } } };`;

/** Stand-in for @twilio/conversations' browser global; `state` is what the client reports. */
const twilioStub = (state: string) => `window.sdkCalls = [];
window.Twilio = { Conversations: { Client: function (token) {
  sdkCalls.push(['Client', token]);
  var handlers = {};
  this.on = function (name, fn) { handlers[name] = fn; if (name === 'stateChanged') setTimeout(function () { fn('${state}'); }, 0); };
  this.getConversationByUniqueName = function (name) { sdkCalls.push(['getConversationByUniqueName', name]); return Promise.resolve({
    getMessages: function (n) { return Promise.resolve({ items: [{ author: 'user_client', body: 'Hello there' }] }); },
    sendMessage: function () { return Promise.resolve(0); },
    setAllMessagesRead: function () { sdkCalls.push(['setAllMessagesRead']); return Promise.resolve(0); } }); };
} } };`;

describe('every SDK host page', () => {
  const blocked: [SdkHostVendor, string, string][] = [
    ['sendbird', 'Sendbird', 'user=user_7&token=sess-1'],
    ['twilio', 'Twilio', 'token=jwt-1'],
    ['stream', 'Stream', 'user=user_7&token=jwt-1'],
  ];
  it.each(blocked)('%s: posts chat:error naming the blocked SDK', async (vendor, label, query) => {
    const { events } = await open(vendor, 'abort', query);
    expect(events).toEqual([
      {
        type: 'chat:error',
        conversationId: 'project_1',
        message: `${label} SDK could not be loaded from ${sdkHostPaths(vendor).sdk} (blocked or unreachable)`,
      },
    ]);
  });
});

describe('Sendbird host page', () => {
  it('connects with the session token, opens the channel, shows its messages and posts chat:ready', async () => {
    const { events, calls, shown } = await open(
      'sendbird',
      sendbirdStub('Promise.resolve({})'),
      'user=user_7&token=sess-1',
    );
    expect(events).toEqual([{ type: 'chat:ready', conversationId: 'project_1' }]);
    expect(calls).toEqual([
      ['GroupChannelModule'],
      ['init', 'APP-1234', 1],
      ['connect', 'user_7', 'sess-1'],
      ['getChannel', 'project_1'],
      ['markAsRead'],
    ]);
    expect(shown).toEqual(['Ann: Hello there']);
  });

  it("passes the SDK's own error on when connecting fails", async () => {
    const { events } = await open(
      'sendbird',
      sendbirdStub(`Promise.reject(Object.assign(new Error('Session token is invalid.'), { name: 'SendbirdError' }))`),
      'user=user_7&token=bad',
    );
    expect(events).toEqual([
      {
        type: 'chat:error',
        conversationId: 'project_1',
        message: 'Sendbird chat failed: SendbirdError: Session token is invalid.',
      },
    ]);
  });

  it('reports a missing token at once, without loading the SDK', async () => {
    const { events, calls } = await open('sendbird', sendbirdStub('Promise.resolve({})'), 'user=user_7');
    expect(events).toEqual([
      {
        type: 'chat:error',
        conversationId: 'project_1',
        message: 'chat sign-in token rejected: no token in the embed URL',
      },
    ]);
    expect(calls).toEqual([]);
  });

  it("with the real SDK and Sendbird's network unreachable, reports chat:error", async () => {
    const { events } = await open('sendbird', 'real', 'user=user_7&token=sess-1', offline);
    expect(events).toHaveLength(1);
    // The SDK's own failure (seen: "SendbirdError: There was a network error."), not our ready timeout.
    expect(events[0]).toMatchObject({
      type: 'chat:error',
      conversationId: 'project_1',
      message: expect.stringMatching(/^Sendbird chat failed: SendbirdError: /),
    });
  });
});

describe('Twilio host page', () => {
  it('starts the client with the access token, opens the conversation by unique name and posts chat:ready', async () => {
    const { events, calls, shown } = await open('twilio', twilioStub('initialized'), 'token=jwt-1');
    expect(events).toEqual([{ type: 'chat:ready', conversationId: 'project_1' }]);
    expect(calls).toEqual([['Client', 'jwt-1'], ['getConversationByUniqueName', 'project_1'], ['setAllMessagesRead']]);
    expect(shown).toEqual(['user_client: Hello there']);
  });

  it('posts chat:error when the client fails to initialize', async () => {
    const { events } = await open('twilio', twilioStub('failed'), 'token=jwt-1');
    expect(events).toEqual([
      {
        type: 'chat:error',
        conversationId: 'project_1',
        message: 'Twilio chat failed: Error: Twilio client failed to initialize',
      },
    ]);
  });

  it("with the real SDK and Twilio's network unreachable, reports chat:error", async () => {
    const { events } = await open('twilio', 'real', 'token=not-a-real-jwt', offline);
    expect(events).toHaveLength(1);
    // The SDK's own failure (seen: "Socket error: undefined"), not our ready timeout.
    expect(events[0]).toMatchObject({
      type: 'chat:error',
      conversationId: 'project_1',
      message: expect.stringMatching(/^Twilio chat failed: /),
    });
  });
});

/** Stand-in for our stream-chat bundle's global; `connect` is connectUser()'s result; `message.new` fires once on subscribe. */
const streamStub = (connect: string) => `window.sdkCalls = [];
window.StreamChatSDK = { StreamChat: function (key, options) {
  sdkCalls.push(['StreamChat', key, options]);
  this.connectUser = function (user, token) { sdkCalls.push(['connectUser', user, token]); return ${connect}; };
  this.channel = function (type, id) { sdkCalls.push(['channel', type, id]); return {
    state: { messages: [{ user: { id: 'u1', name: 'Ann' }, text: 'Hello there' }] },
    watch: function (o) { sdkCalls.push(['watch', o]); return Promise.resolve({}); },
    on: function (name, fn) { sdkCalls.push(['on', name]); setTimeout(function () { fn({ message: { user: { id: 'user_designer' }, text: 'Next one' } }); }, 0); },
    sendMessage: function () { return Promise.resolve({}); },
    markRead: function () { sdkCalls.push(['markRead']); return Promise.resolve(null); } }; };
} };`;

describe('Stream host page', () => {
  it('connects the user with the token, watches the channel, shows its messages and posts chat:ready', async () => {
    const { events, calls, shown } = await open('stream', streamStub('Promise.resolve({})'), 'user=user_7&token=jwt-1');
    expect(events).toEqual([{ type: 'chat:ready', conversationId: 'project_1' }]);
    expect(calls).toEqual([
      ['StreamChat', 'APP-1234', { baseURL: 'https://chat.stream-io-api.com' }],
      ['connectUser', { id: 'user_7' }, 'jwt-1'],
      ['channel', 'messaging', 'project_1'],
      ['watch', { messages: { limit: 30 } }],
      ['on', 'message.new'],
      ['markRead'],
    ]);
    expect(shown).toEqual(['Ann: Hello there', 'user_designer: Next one']);
  });

  it("passes the SDK's own error on when connecting fails", async () => {
    const { events } = await open(
      'stream',
      streamStub(`Promise.reject(new Error('StreamChat error code 5: token signature is invalid'))`),
      'user=user_7&token=bad',
    );
    expect(events).toEqual([
      {
        type: 'chat:error',
        conversationId: 'project_1',
        message: 'Stream chat failed: Error: StreamChat error code 5: token signature is invalid',
      },
    ]);
  });

  // The real bundle with the user and token our Stream adapter puts in the embed URL: the SDK accepts them (it checks
  // that the token's user_id is the user) and tries Stream's socket, which is unreachable here.
  const embedQuery = async (userId: string) => {
    const vendor = createChatProvider('stream', {
      appId: 'APP-1234',
      apiUrl: 'https://chat.stream-io-api.com',
      embedUrl: `https://market.example${sdkHostPaths('stream').page}`,
      apiSecret: 'stream-api-secret-0123456789',
      webhookSecret: 'stream-api-secret-0123456789',
    });
    return new URL(await vendor.embedUrl({ conversationId: 'project_1', userId })).searchParams;
  };

  it("with the real SDK bundle and Stream's network unreachable, reports the SDK's socket failure", async () => {
    const { events } = await open('stream', 'real', (await embedQuery('user_7')).toString(), offline);
    expect(events).toHaveLength(1);
    // The SDK's own failure after our shortened defaultWSTimeout, not our ready timeout.
    expect(events[0]).toMatchObject({
      type: 'chat:error',
      conversationId: 'project_1',
      message: expect.stringMatching(/^Stream chat failed: Error: .*initial WS connection could not be established/),
    });
  });

  it('with the real SDK bundle, a token for another user is refused by the SDK itself', async () => {
    const query = await embedQuery('user_7');
    query.set('user', 'user_8');
    const { events } = await open('stream', 'real', query.toString(), offline);
    expect(events).toEqual([
      {
        type: 'chat:error',
        conversationId: 'project_1',
        message: expect.stringMatching(/^Stream chat failed: .*user_id/),
      },
    ]);
  });
});
