import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../errors';
import { assertSameOrigin } from './same-origin';

const APP_URL = 'https://app.chatwatch.example/base/';
const post = (origin?: string) =>
  new Request('https://app.chatwatch.example/api/rum/chat-embed', {
    method: 'POST',
    headers: origin === undefined ? {} : { origin },
  });

describe('assertSameOrigin', () => {
  it('lets our own origin through, and requests without Origin (same-origin GET/HEAD, non-browser clients)', () => {
    expect(() => assertSameOrigin(post('https://app.chatwatch.example'), APP_URL)).not.toThrow();
    expect(() => assertSameOrigin(post(), APP_URL)).not.toThrow();
  });

  it.each([
    ['another site', 'https://evil.example'],
    ['a same-site subdomain (SameSite=Lax does not stop it)', 'https://user-content.chatwatch.example'],
    ['our host over plain http', 'http://app.chatwatch.example'],
    ['our host on another port', 'https://app.chatwatch.example:8443'],
    ['an opaque origin (sandboxed iframe, file:)', 'null'],
    ['a look-alike suffix', 'https://app.chatwatch.example.evil.example'],
  ])('refuses %s with a ForbiddenError (403)', (_, origin) => {
    expect(() => assertSameOrigin(post(origin), APP_URL)).toThrow(ForbiddenError);
  });
});
