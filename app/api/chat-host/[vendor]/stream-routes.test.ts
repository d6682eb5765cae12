import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureStreamSdkBundle } from '../../../../scripts/lib/stream-sdk-bundle.mjs';
import { STREAM_HOST_SCRIPT } from '../../../../lib/chat-provider/sdk-host/host-scripts';
import { REQUIRED_CONFIG_ENV } from '../../../../test/support/config-env';

// The three chat-host routes with CHAT_VENDOR=stream: the page (with the app's Stream API base and Stream's CSP),
// its script, and the bundled SDK, all from our origin.

type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;
const saved = { ...process.env };
let page: Handler<{ vendor: string; conversationId: string }>;
let script: Handler<{ vendor: string }>;
let sdk: Handler<{ vendor: string }>;

beforeAll(async () => {
  Object.assign(process.env, REQUIRED_CONFIG_ENV, {
    NODE_ENV: 'test',
    APP_URL: 'https://market.example',
    CHAT_VENDOR: 'stream',
    VENDOR_APP_ID: 'stream-key-1',
    VENDOR_API_URL: 'https://chat-proxy-dublin.stream-io-api.com',
  });
  ({ GET: page } = await import('./c/[conversationId]/route'));
  ({ GET: script } = await import('./host.js/route'));
  ({ GET: sdk } = await import('./sdk.js/route'));
});
afterAll(() => {
  process.env = saved;
});

const get = <P>(handler: Handler<P>, path: string, params: P) =>
  handler(new Request(`https://market.example${path}`), { params: Promise.resolve(params) });

describe('Stream chat-host routes', () => {
  it("serve the page with the user, the app's API base for the SDK and Stream's origins in the CSP", async () => {
    const response = await get(page, '/api/chat-host/stream/c/project_1?user=user_7&token=jwt-1', {
      vendor: 'stream',
      conversationId: 'project_1',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain(
      `connect-src 'self' https://*.stream-io-api.com wss://*.stream-io-api.com;`,
    );
    const html = await response.text();
    expect(html).toContain('data-vendor="stream"');
    expect(html).toContain('data-app-id="stream-key-1"');
    expect(html).toContain('data-user-id="user_7"');
    expect(html).toContain('data-api-url="https://chat-proxy-dublin.stream-io-api.com"');
    expect(html).toContain('data-parent-origin="https://market.example"');
  });

  it('serve the Stream host script and the bundled SDK', async () => {
    expect(await (await get(script, '/api/chat-host/stream/host.js', { vendor: 'stream' })).text()).toBe(
      STREAM_HOST_SCRIPT,
    );
    const file = ensureStreamSdkBundle();
    const response = await get(sdk, '/api/chat-host/stream/sdk.js', { vendor: 'stream' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toBe(readFileSync(file, 'utf8'));
  });

  it('answer 404 for a host page of a vendor that is not the configured one', async () => {
    const response = await get(page, '/api/chat-host/sendbird/c/project_1?user=u&token=t', {
      vendor: 'sendbird',
      conversationId: 'project_1',
    });
    expect(response.status).toBe(404);
  });
});
