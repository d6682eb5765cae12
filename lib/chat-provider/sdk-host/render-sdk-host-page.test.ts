import { existsSync, readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureStreamSdkBundle } from '../../../scripts/lib/stream-sdk-bundle.mjs';
import { startHttpStub, type HttpStub } from '../../../test/support/http-stub';
import { createChatProvider } from '../index';
import { renderSdkHostPage, sdkHostCsp } from './render-sdk-host-page';
import { sdkHosts } from './sdk-hosts';

describe('Sendbird, Twilio and Stream host pages', () => {
  it("serve each SDK from its pinned package's browser build", () => {
    // Stream's file is made by the bootstrap step (npm start, npm test, stack builds); a lone vitest run makes it here.
    expect(ensureStreamSdkBundle()).toBe(sdkHosts.stream.sdkFile());
    for (const host of Object.values(sdkHosts)) expect(existsSync(host.sdkFile())).toBe(true);
  });

  it("bundle stream-chat's browser entry into one file that runs without a module loader", () => {
    const bundle = readFileSync(ensureStreamSdkBundle(), 'utf8');
    expect(bundle.split('\n')[0]).toMatch(
      /^\/\* stream-chat 9\.53\.0 for the browser; esbuild [\d.]+; recipe [0-9a-f]{12} \*\/$/,
    );
    // Run in a bare context (no require, no module, no Node globals): every CommonJS require (axios, base64-js,
    // form-data, isomorphic-ws, linkifyjs) must be inlined, or evaluation throws "Dynamic require of … is not supported".
    const context: Record<string, unknown> = {
      setTimeout,
      clearTimeout,
      URL,
      URLSearchParams,
      TextEncoder,
      navigator: {},
    };
    context.window = context.self = context;
    const sdk = runInNewContext(`${bundle}\n;StreamChatSDK`, context) as {
      StreamChat: new (key: string) => { baseURL: string };
    };
    expect(new sdk.StreamChat('key1').baseURL).toBe('https://chat.stream-io-api.com');
  });

  it("allow only our own scripts and each vendor's API and socket origins", () => {
    expect(sdkHostCsp('sendbird')).toContain(`connect-src 'self' https://*.sendbird.com wss://*.sendbird.com;`);
    expect(sdkHostCsp('twilio')).toContain(`connect-src 'self' https://*.twilio.com wss://*.twilio.com;`);
    expect(sdkHostCsp('stream')).toContain(`connect-src 'self' https://*.stream-io-api.com wss://*.stream-io-api.com;`);
    for (const vendor of ['sendbird', 'twilio', 'stream'] as const) {
      expect(sdkHostCsp(vendor)).toContain(`script-src 'self';`);
      expect(sdkHostCsp(vendor)).toContain(`frame-ancestors 'self'`);
      expect(sdkHostCsp(vendor)).not.toContain('unsafe-eval');
    }
  });

  it('escape what they put into attributes and name a missing user', () => {
    const { html } = renderSdkHostPage({
      vendor: 'sendbird',
      appId: 'A',
      conversationId: '"><script>x</script>',
      userId: null,
      token: 't',
      parentOrigin: 'https://app.example',
      readyTimeoutMs: 1000,
    });
    expect(html).not.toContain('<script>x</script>');
    expect(html).toContain('data-error="chat sign-in token rejected: no user in the embed URL"');
  });

  it("Stream: names a missing user (connectUser needs it) and hands the SDK the app's API base", () => {
    const page = (userId: string | null) =>
      renderSdkHostPage({
        vendor: 'stream',
        appId: 'key1',
        conversationId: 'project_1',
        userId,
        token: 't',
        apiUrl: 'https://chat-proxy-dublin.stream-io-api.com',
        parentOrigin: 'https://app.example',
        readyTimeoutMs: 1000,
      }).html;
    expect(page(null)).toContain('data-error="chat sign-in token rejected: no user in the embed URL"');
    expect(page('user_7')).not.toContain('data-error');
    expect(page('user_7')).toContain('data-api-url="https://chat-proxy-dublin.stream-io-api.com"');
    expect(page('user_7')).toContain('<script src="/api/chat-host/stream/host.js">');
  });
});

describe('embed URLs', () => {
  let stub: HttpStub;
  beforeAll(async () => {
    stub = await startHttpStub(() => ({ status: 200, body: { token: 'sess-token-1', expires_at: 0 } }));
  });
  afterAll(() => stub.close());

  it('Sendbird: issues a session token through the Platform API and passes user and token to the host page', async () => {
    const vendor = createChatProvider('sendbird', {
      appId: 'APP',
      apiUrl: stub.url,
      embedUrl: 'https://market.example/api/chat-host/sendbird/c',
      apiSecret: 'sb_master_token_0123456789',
      webhookSecret: 'sb_master_token_0123456789',
    });
    const url = new URL(await vendor.embedUrl({ conversationId: 'project_1', userId: 'user 7' }));
    expect(url.pathname).toBe('/api/chat-host/sendbird/c/project_1');
    expect(Object.fromEntries(url.searchParams)).toEqual({ user: 'user 7', token: 'sess-token-1' });
    expect(`${stub.requests[0]!.method} ${stub.requests[0]!.url.pathname}`).toBe('POST /v3/users/user%207/token');
  });

  it("Twilio: signs an access token with the API key (the SDK's AccessToken + ChatGrant)", async () => {
    const keySecret = 'twilio-api-key-secret-0123';
    const vendor = createChatProvider('twilio', {
      appId: 'AC0123456789abcdef0123456789abcdef',
      apiUrl: stub.url,
      embedUrl: 'https://market.example/api/chat-host/twilio/c',
      apiSecret: '0123456789abcdef0123456789abcdef',
      webhookSecret: '0123456789abcdef0123456789abcdef',
      signingKeyId: 'SK0123456789abcdef0123456789abcdef',
      signingKeySecret: keySecret,
    });
    const token = new URL(await vendor.embedUrl({ conversationId: 'project_1', userId: 'user_7' })).searchParams.get(
      'token',
    )!;
    const { payload } = await jwtVerify(token, new TextEncoder().encode(keySecret));
    expect(payload).toMatchObject({
      iss: 'SK0123456789abcdef0123456789abcdef',
      sub: 'AC0123456789abcdef0123456789abcdef',
      grants: { identity: 'user_7', chat: {} },
    });
    expect(decodeJwt(token).exp! - decodeJwt(token).iat!).toBeLessThanOrEqual(600);
  });
});
