import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/db';
import { API_SECRET, identityToken, seedConversation, startSandbox, type Running } from '../test/harness';

let run: Running;
let users: [string, string];

beforeAll(async () => {
  run = await startSandbox(await createTestDatabase(), { APP_ORIGIN: 'http://127.0.0.1:3999' });
  ({ users } = await seedConversation(run, 'emb'));
  await run.api('PUT', '/users/stranger', { name: 'Stranger' });
});

afterAll(async () => {
  await run?.sandbox.stop();
});

const open = (token: string, conversationId = 'emb') =>
  fetch(`${run.url}/embed/${conversationId}?token=${encodeURIComponent(token)}`);

describe('GET /embed/:conversationId', () => {
  it('serves the chat for a participant with a valid token, framable only by the app', async () => {
    const r = await open(await identityToken(users[0]));
    expect(r.status).toBe(200);
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toContain('frame-ancestors http://127.0.0.1:3999');
    expect(csp).toContain("script-src 'self'");
    expect(r.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await r.text();
    expect(html).toContain('<script src="/embed/assets/chat.stable.js" defer></script>');
    expect(html).toContain('"appOrigin":"http://127.0.0.1:3999"');
  });

  it.each([
    ['a bad signature', () => identityToken(users[0], { secret: 'another-secret-of-enough-length' })],
    ['the wrong issuer', () => identityToken(users[0], { iss: 'someone-else' })],
    ['a non-participant', () => identityToken('stranger')],
    ['an unknown user', () => identityToken('ghost')],
    ['an expired token', () => identityToken(users[0], { expiresIn: Math.floor(Date.now() / 1000) - 10 })],
    ['an exp more than 24 h ahead', () => identityToken(users[0], { expiresIn: '25h' })],
    ['another algorithm', () => identityToken(users[0], { alg: 'HS512' })],
    ['no token at all', async () => ''],
    ['garbage', async () => 'not.a.jwt'],
  ])('answers 403 HTML for %s', async (_name, mint) => {
    const r = await open(await mint());
    expect(r.status).toBe(403);
    expect(r.headers.get('content-type')).toContain('text/html');
    expect(r.headers.get('content-security-policy')).toContain('frame-ancestors http://127.0.0.1:3999');
    expect(await r.text()).toContain('This chat link is not valid');
  });

  it('leaves out its header (title, "with …") when the host page asks with header=none', async () => {
    const token = await identityToken(users[1], { secret: API_SECRET, expiresIn: '1h' });
    const withHeader = await (await open(token)).text();
    expect(withHeader).toContain('<header>');
    const bare = await (await fetch(`${run.url}/embed/emb?token=${encodeURIComponent(token)}&header=none`)).text();
    expect(bare).not.toContain('<header>');
    expect(bare).toContain('id="chat-log"');
  });

  it('answers 403 for a conversation that does not exist', async () => {
    expect((await open(await identityToken(users[0]), 'no-such-conversation')).status).toBe(403);
  });

  it('accepts a token signed with the API secret that expires within 24 h', async () => {
    expect((await open(await identityToken(users[1], { secret: API_SECRET, expiresIn: '23h' }))).status).toBe(200);
  });
});

describe('the embed API', () => {
  it('sends as the token’s user and refuses other tokens', async () => {
    const token = await identityToken(users[1]);
    const post = (t: string, conversationId = 'emb') =>
      fetch(`${run.url}/embed/api/${conversationId}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'from the embed', senderId: users[0] }),
      });
    const r = await post(token);
    expect(r.status).toBe(201);
    expect((await r.json()).message).toMatchObject({
      senderId: users[1],
      text: 'from the embed',
      idempotencyKey: null,
    });
    expect((await post(await identityToken('stranger'))).status).toBe(403);
    expect((await post(await identityToken(users[0], { iss: 'x' }))).status).toBe(403);
    const history = await fetch(`${run.url}/embed/api/emb/messages?token=${token}`);
    expect((await history.json()).data.map((m: { text: string }) => m.text)).toContain('from the embed');
  });
});
