import { describe, expect, it } from 'vitest';
import { createUnsubscribeToken, unsubscribeHeaders, unsubscribeUrl, verifyUnsubscribeToken } from './unsubscribe';

const secret = 'test-auth-secret-that-is-at-least-32-chars';
const claim = { userId: 'user_123', purpose: 'unread-messages' } as const;

describe('unsubscribe tokens', () => {
  it('round-trips user and purpose', () => {
    expect(verifyUnsubscribeToken(createUnsubscribeToken(claim, secret), secret)).toEqual(claim);
  });

  it('is URL-safe and deterministic (one link per user and purpose)', () => {
    const token = createUnsubscribeToken(claim, secret);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(createUnsubscribeToken(claim, secret)).toBe(token);
  });

  it('rejects a token whose payload was swapped for another user', () => {
    const [, signature] = createUnsubscribeToken(claim, secret).split('.');
    const [otherPayload] = createUnsubscribeToken(
      { ...claim, userId: 'user_999' },
      'attacker-secret-attacker-secret-000',
    ).split('.');
    expect(verifyUnsubscribeToken(`${otherPayload}.${signature}`, secret)).toBeNull();
  });

  it('rejects a changed signature, another secret and malformed input', () => {
    const token = createUnsubscribeToken(claim, secret);
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect(verifyUnsubscribeToken(flipped, secret)).toBeNull();
    expect(verifyUnsubscribeToken(token, 'another-secret-another-secret-another')).toBeNull();
    for (const junk of ['', '.', 'abc', `${token}.x`, token.split('.')[0]!])
      expect(verifyUnsubscribeToken(junk, secret)).toBeNull();
  });

  it('rejects a correctly signed payload with an unknown purpose', () => {
    // Sign a payload the issuing code would never produce, to prove the verifier validates the content too.
    const forged = createUnsubscribeToken({ userId: 'u', purpose: 'everything' as never }, secret);
    expect(verifyUnsubscribeToken(forged, secret)).toBeNull();
  });

  it('builds <APP_URL>/api/unsubscribe?token=… and the RFC 8058 headers', () => {
    const url = unsubscribeUrl(claim, { appUrl: 'https://app.chatwatch.test/base/', secret });
    expect(url.startsWith('https://app.chatwatch.test/base/api/unsubscribe?token=')).toBe(true);
    expect(verifyUnsubscribeToken(new URL(url).searchParams.get('token')!, secret)).toEqual(claim);
    expect(unsubscribeHeaders(url)).toEqual({
      'List-Unsubscribe': `<${url}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });
});
