import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUIRED_CONFIG_ENV } from '../../test/support/config-env';
import { isForeignOrigin } from './same-origin';

// "A server action posted with a foreign Origin answers 500": Next.js throws on it. The proxy (proxy.ts) now
// answers 403 first; this runs the real proxy function on the request a hostile page's form would send.

const saved = { ...process.env };
beforeAll(() => {
  Object.assign(process.env, REQUIRED_CONFIG_ENV, { APP_URL: 'http://127.0.0.1:3000', NODE_ENV: 'test' });
});
afterAll(() => {
  process.env = saved;
});

describe('foreign-origin server actions', () => {
  it('isForeignOrigin: ours by APP_URL or by Host; anything else (and "null") is foreign', () => {
    const app = 'http://127.0.0.1:3000';
    expect(isForeignOrigin('http://127.0.0.1:3000', '127.0.0.1:3000', app)).toBe(false);
    expect(isForeignOrigin('http://localhost:3000', 'localhost:3000', app)).toBe(false);
    expect(isForeignOrigin(null, '127.0.0.1:3000', app)).toBe(false);
    expect(isForeignOrigin('https://evil.example', '127.0.0.1:3000', app)).toBe(true);
    expect(isForeignOrigin('null', '127.0.0.1:3000', app)).toBe(true);
    expect(isForeignOrigin('http://127.0.0.1:3000.evil.example', '127.0.0.1:3000', app)).toBe(true);
  });

  it('the proxy answers a foreign-origin action 403 and lets our own through', async () => {
    const { NextRequest } = await import('next/server');
    const { proxy } = await import('../../proxy');
    const action = (origin: string) =>
      new NextRequest('http://127.0.0.1:3000/projects/new', {
        method: 'POST',
        headers: {
          origin,
          host: '127.0.0.1:3000',
          'next-action': 'a1b2c3',
          'content-type': 'multipart/form-data; boundary=x',
        },
        body: '--x--',
      });
    expect(proxy(action('https://evil.example')).status).toBe(403);
    expect(proxy(action('http://127.0.0.1:3000')).status).toBe(200);
  });
});
