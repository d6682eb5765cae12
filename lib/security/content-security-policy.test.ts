import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, newNonce } from './content-security-policy';

const directives = (policy: string) =>
  Object.fromEntries(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));

describe('contentSecurityPolicy', () => {
  it('frames only the vendor origin and runs only scripts with the nonce', () => {
    const policy = directives(
      contentSecurityPolicy({
        nonce: 'abc',
        frameOrigin: 'https://chat.vendor.example',
        development: false,
        https: true,
      }),
    );
    expect(policy['frame-src']).toBe('https://chat.vendor.example');
    expect(policy['script-src']).toBe(`'self' 'nonce-abc' 'strict-dynamic'`);
    expect(policy['frame-ancestors']).toBe(`'none'`);
    expect(policy['object-src']).toBe(`'none'`);
    expect(policy['connect-src']).toBe(`'self'`);
    expect(policy).toHaveProperty('upgrade-insecure-requests');
  });

  it('allows eval only in development and does not upgrade plain-http local origins', () => {
    const dev = directives(
      contentSecurityPolicy({ nonce: 'n', frameOrigin: 'http://127.0.0.1:4100', development: true, https: false }),
    );
    expect(dev['script-src']).toContain(`'unsafe-eval'`);
    expect(dev).not.toHaveProperty('upgrade-insecure-requests');
    const prod = directives(
      contentSecurityPolicy({ nonce: 'n', frameOrigin: 'http://127.0.0.1:4100', development: false, https: false }),
    );
    expect(prod['script-src']).not.toContain('unsafe-eval');
  });

  it('makes a different 128-bit nonce each time', () => {
    const a = newNonce();
    expect(Buffer.from(a, 'base64')).toHaveLength(16);
    expect(newNonce()).not.toBe(a);
  });
});
