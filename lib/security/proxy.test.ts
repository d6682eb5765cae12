import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NextRequest } from 'next/server';
import { REQUIRED_CONFIG_ENV } from '../../test/support/config-env';

// The page proxy builds the Content-Security-Policy from configuration alone: a vendor adapter that cannot be
// built (a bad secret, a vendor outage) must not stop any page from rendering.
vi.mock('../chat-provider', () => ({
  getChatProvider: () => {
    throw new Error('Base64Coder: incorrect characters for decoding');
  },
}));

beforeAll(() => {
  for (const [name, value] of Object.entries({
    ...REQUIRED_CONFIG_ENV,
    VENDOR_EMBED_URL: 'https://chat.vendor.example/app',
  }))
    vi.stubEnv(name, value);
});
afterAll(() => vi.unstubAllEnvs());

describe('proxy (page CSP)', () => {
  it('sets frame-src from VENDOR_EMBED_URL without building the vendor adapter', async () => {
    const { proxy } = await import('../../proxy');
    const response = proxy(new NextRequest('http://app.test/projects'));
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain('frame-src https://chat.vendor.example;');
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}'/);
  });
});
