import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/db';
import { seedConversation, startReceiver, startSandbox, type Receiver, type Running } from '../test/harness';

let run: Running;
let receiver: Receiver;

beforeAll(async () => {
  const databaseUrl = await createTestDatabase();
  receiver = await startReceiver();
  run = await startSandbox(databaseUrl, { APP_WEBHOOK_URL: `${receiver.url}/hooks` });
});

afterAll(async () => {
  await run?.sandbox.stop();
  await receiver?.close();
});

async function messageCount(): Promise<number> {
  const r = await run.api('GET', `/messages?since=2000-01-01T00:00:00.000Z&limit=1000`);
  return r.json.data.length as number;
}

describe('auth', () => {
  it('rejects a missing or wrong secret with 401 and an unknown app id with 404', async () => {
    const none = await run.call('GET', `/v1/${run.config.VENDOR_APP_ID}/messages?since=2000-01-01T00:00:00Z`);
    expect(none.status).toBe(401);
    expect(none.json).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    const wrong = await run.api('GET', '/messages?since=2000-01-01T00:00:00Z', undefined, {
      authorization: 'Bearer nope',
    });
    expect(wrong.status).toBe(401);
    const otherApp = await run.call('GET', '/v1/someone-else/messages');
    expect(otherApp.status).toBe(404);
    expect(otherApp.json.error.code).toBe('not_found');
  });
});

describe('users and conversations', () => {
  it('creates and replaces a user', async () => {
    const a = await run.api('PUT', '/users/u-1', { name: 'Ada', email: 'ada@example.test', role: 'coach' });
    expect(a.status).toBe(200);
    expect(a.json.user).toMatchObject({ id: 'u-1', name: 'Ada', email: 'ada@example.test', role: 'coach' });
    const b = await run.api('PUT', '/users/u-1', { name: 'Ada L.' });
    expect(b.json.user).toMatchObject({ id: 'u-1', name: 'Ada L.', email: null, role: null });
  });

  it('creates a conversation once; a repeat PUT is idempotent', async () => {
    await seedConversation(run, 'c-idem');
    const again = await run.api('PUT', '/conversations/c-idem', { participants: ['c-idem-alice', 'c-idem-bob'] });
    expect(again.status).toBe(200);
    expect(again.json.conversation).toMatchObject({
      id: 'c-idem',
      participants: ['c-idem-alice', 'c-idem-bob'],
      subject: 'Conversation c-idem',
    });
  });

  it('404s a conversation with an unknown participant and stores nothing', async () => {
    const r = await run.api('PUT', '/conversations/c-ghost', { participants: ['nobody-here'] });
    expect(r.status).toBe(404);
    expect(r.json.error.code).toBe('not_found');
    const list = await run.api('GET', '/conversations/c-ghost/messages');
    expect(list.status).toBe(404);
  });
});

describe('messages', () => {
  it('sends, lists and returns the documented message shape', async () => {
    const { users } = await seedConversation(run, 'c-send');
    const sent = await run.api('POST', '/conversations/c-send/messages', { senderId: users[0], text: 'hello' });
    expect(sent.status).toBe(201);
    expect(sent.json.message).toEqual({
      id: expect.stringMatching(/^msg_/),
      conversationId: 'c-send',
      senderId: users[0],
      text: 'hello',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      idempotencyKey: null,
      readBy: [],
    });
    const list = await run.api('GET', '/conversations/c-send/messages');
    expect(list.json).toEqual({ data: [sent.json.message], nextCursor: null });
  });

  it('dedups by idempotencyKey within a conversation', async () => {
    const { users } = await seedConversation(run, 'c-key');
    const first = await run.api('POST', '/conversations/c-key/messages', {
      senderId: users[0],
      text: 'once',
      idempotencyKey: 'k-1',
    });
    const second = await run.api('POST', '/conversations/c-key/messages', {
      senderId: users[0],
      text: 'once',
      idempotencyKey: 'k-1',
    });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.json.message.id).toBe(first.json.message.id);
    expect(second.json.message.idempotencyKey).toBe('k-1');
    const list = await run.api('GET', '/conversations/c-key/messages');
    expect(list.json.data).toHaveLength(1);
  });

  it('rejects bad input with the documented errors and stores nothing', async () => {
    const { users } = await seedConversation(run, 'c-bad');
    const before = await messageCount();
    const path = '/conversations/c-bad/messages';

    const badJson = await run.api('POST', path, '{"senderId": ');
    expect(badJson.status).toBe(400);
    expect(badJson.json.error.code).toBe('invalid_json');

    const missing = await run.api('POST', path, { senderId: users[0] });
    expect(missing.status).toBe(400);
    expect(missing.json.error).toEqual({ code: 'validation_error', message: expect.stringContaining('text') });

    const empty = await run.api('POST', path, { senderId: users[0], text: '' });
    expect(empty.status).toBe(400);
    const tooLong = await run.api('POST', path, { senderId: users[0], text: 'x'.repeat(10_001) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.error.message).toContain('text');

    const unknownConversation = await run.api('POST', '/conversations/c-nope/messages', {
      senderId: users[0],
      text: 'hi',
    });
    expect(unknownConversation.status).toBe(404);

    const outsider = await run.api('PUT', '/users/outsider', { name: 'Eve' });
    expect(outsider.status).toBe(200);
    const notParticipant = await run.api('POST', path, { senderId: 'outsider', text: 'hi' });
    expect(notParticipant.status).toBe(400);
    expect(notParticipant.json.error.message).toContain('senderId');

    const huge = await run.api('POST', path, { senderId: users[0], text: 'x'.repeat(300 * 1024) });
    expect(huge.status).toBe(413);
    expect(huge.json.error.code).toBe('payload_too_large');

    expect(await messageCount()).toBe(before);
  });
});

describe('listing a time window', () => {
  it('returns every message exactly once across pages, in (createdAt, id) order', async () => {
    const { users } = await seedConversation(run, 'c-window');
    const since = new Date().toISOString();
    const sent: string[] = [];
    // Concurrent sends share milliseconds, which exercises the id tie-break.
    for (let batch = 0; batch < 5; batch++) {
      const results = await Promise.all(
        Array.from({ length: 9 }, (_, i) =>
          run.api('POST', '/conversations/c-window/messages', { senderId: users[i % 2], text: `m${batch}-${i}` }),
        ),
      );
      for (const r of results) sent.push(r.json.message.id as string);
    }
    const until = new Date(Date.now() + 1).toISOString();
    const seen: { id: string; createdAt: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const qs = new URLSearchParams({ since, until, limit: '7', ...(cursor ? { cursor } : {}) });
      const page = await run.api('GET', `/messages?${qs}`);
      expect(page.status).toBe(200);
      seen.push(...(page.json.data as { id: string; createdAt: string }[]));
      cursor = page.json.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    const ids = seen.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...sent].sort());
    const keys = seen.map((m) => `${m.createdAt}|${m.id}`);
    expect(keys).toEqual([...keys].sort());
    expect(pages).toBe(Math.ceil(sent.length / 7));
  });

  it('excludes until and validates the window', async () => {
    const bad = await run.api('GET', '/messages?since=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain('since');
    const inverted = await run.api('GET', '/messages?since=2030-01-01T00:00:00Z&until=2020-01-01T00:00:00Z');
    expect(inverted.status).toBe(400);
    const badCursor = await run.api('GET', '/messages?since=2020-01-01T00:00:00Z&cursor=garbage');
    expect(badCursor.status).toBe(400);
    const future = await run.api('GET', '/messages?since=2020-01-01T00:00:00Z&until=2020-01-02T00:00:00Z');
    expect(future.json).toEqual({ data: [], nextCursor: null });
  });
});
