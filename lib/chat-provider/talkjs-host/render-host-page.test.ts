import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config';
import { chatProviderSettingsFromConfig, createChatProvider } from '../index';
import { renderTalkJsHostPage, TALKJS_CDN_SDK_URL, TALKJS_HOST_PAGE_PATH, talkJsHostCsp } from './render-host-page';

const require = createRequire(import.meta.url);

describe('TalkJS host page', () => {
  it('is what the chat iframe loads when CHAT_VENDOR=talkjs and VENDOR_EMBED_URL is unset', async () => {
    const config = parseConfig({
      CHAT_VENDOR: 'talkjs',
      APP_URL: 'https://market.example',
      DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/db',
      AUTH_SECRET: 'test-auth-secret-that-is-long-enough-32',
      VENDOR_APP_ID: 'tJsApp01',
      VENDOR_API_URL: 'https://api.talkjs.com',
      VENDOR_API_SECRET: 'sk_test_0123456789abcdef',
      VENDOR_WEBHOOK_SECRET: 'sk_test_0123456789abcdef',
      SENDGRID_API_KEY: 'SG.test',
      SENDGRID_EVENT_PUBLIC_KEY: 'test',
    });
    const provider = createChatProvider('talkjs', chatProviderSettingsFromConfig(config));
    const url = new URL(await provider.embedUrl({ conversationId: 'project 1', userId: 'user_7' }));
    expect(`${url.origin}${url.pathname}`).toBe(`https://market.example${TALKJS_HOST_PAGE_PATH}/project%201`);
    expect(provider.embedOrigin).toBe('https://market.example');
    expect(url.searchParams.get('token')).toMatch(/^ey/);
  });

  it('loads the SDK from the URL the pinned talkjs npm package loads (the package is only a loader)', () => {
    const pkg = path.dirname(require.resolve('talkjs/package.json'));
    const loader = readFileSync(path.join(pkg, 'src', 'index.esnext.js'), 'utf8');
    expect(loader).toContain(`s.src="${TALKJS_CDN_SDK_URL}"`);
  });

  it("allows TalkJS's origins, our own script and only our own origin as frame ancestor", () => {
    const csp = talkJsHostCsp(TALKJS_CDN_SDK_URL);
    expect(csp).toContain(`script-src 'self' https://cdn.talkjs.com;`);
    expect(csp).toContain('frame-src https://*.talkjs.com;');
    expect(csp).toContain(`connect-src 'self' https://*.talkjs.com wss://*.talkjs.com;`);
    expect(csp).toContain(`frame-ancestors 'self'`);
    expect(csp).not.toContain('unsafe-eval');
    expect(talkJsHostCsp('http://127.0.0.1:4200/talkjs/talk.js')).toContain(
      `script-src 'self' https://cdn.talkjs.com http://127.0.0.1:4200;`,
    );
  });

  it('escapes what it puts into attributes and names a missing token', async () => {
    const { html } = await renderTalkJsHostPage({
      appId: 'app',
      conversationId: '"><script>x</script>',
      token: null,
      secret: 'sk_test_0123456789abcdef',
      sdkUrl: TALKJS_CDN_SDK_URL,
      parentOrigin: 'https://app.example',
      readyTimeoutMs: 1000,
    });
    expect(html).not.toContain('<script>x</script>');
    expect(html).toContain('data-conversation-id="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
    expect(html).toContain('data-error="chat sign-in token rejected: no token in the embed URL"');
  });
});
