import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderTalkJsHostPage, TALKJS_CDN_SDK_URL, talkJsHostCsp } from './render-host-page';

const require = createRequire(import.meta.url);

describe('TalkJS host page', () => {
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
    expect(talkJsHostCsp('http://127.0.0.1:4200/talkjs/talk.js')).toContain(`script-src 'self' https://cdn.talkjs.com http://127.0.0.1:4200;`);
  });

  it('escapes what it puts into attributes and names a missing token', async () => {
    const { html } = await renderTalkJsHostPage({ appId: 'app', conversationId: '"><script>x</script>', token: null, secret: 'sk_test_0123456789abcdef', sdkUrl: TALKJS_CDN_SDK_URL, parentOrigin: 'https://app.example', readyTimeoutMs: 1000 });
    expect(html).not.toContain('<script>x</script>');
    expect(html).toContain('data-conversation-id="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
    expect(html).toContain('data-error="chat sign-in token rejected: no token in the embed URL"');
  });
});
