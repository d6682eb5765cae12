import { jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jsonBody, startHttpStub, type HttpStub, type StubRequest } from '../../test/support/http-stub';
import { VendorApiError } from './errors';
import { createChatProvider } from './index';
import { streamMessageId } from './stream';
import type { ChatProvider } from './types';

// The official stream-chat server client, pointed at a local stub by `baseURL`. Response bodies follow Stream's
// REST docs (https://getstream.io/chat/docs/node/) and the SDK's response types (dist/types/types.d.ts).

const SECRET = 'strm_secret_0123456789abcdefghijklmnop';
let stub: HttpStub;
let vendor: ChatProvider;

beforeAll(async () => {
  stub = await startHttpStub();
  vendor = createChatProvider('stream', {
    appId: 'strm_key_01',
    apiUrl: stub.url,
    embedUrl: 'https://market.example/api/chat-host/stream/c',
    apiSecret: SECRET,
    webhookSecret: SECRET,
    listRequestBudget: 50,
  });
});
afterAll(() => stub.close());
beforeEach(() => {
  stub.requests.length = 0;
});

const route = (r: StubRequest) => `${r.method} ${r.url.pathname}`;
const at = (minute: number) => new Date(Date.UTC(2026, 10, 30, 10, minute)).toISOString();
const message = (id: string, minute: number, extra: Record<string, unknown> = {}) => ({
  id,
  text: `text ${id}`,
  type: 'regular',
  user: { id: 'user_client' },
  created_at: at(minute),
  updated_at: at(minute),
  ...extra,
});
const channelState = (id: string) => ({
  channel: { id, type: 'messaging', cid: `messaging:${id}`, created_by: { id: 'user_client' } },
  members: [],
  messages: [],
  read: [],
  duration: '1ms',
});

describe('Stream REST through the stream-chat SDK', () => {
  it('signs the embed token with the SDK (user_id claim, HS256 with the API secret)', async () => {
    const url = new URL(await vendor.embedUrl({ conversationId: 'project 1', userId: 'user_7' }));
    expect(url.pathname).toBe('/api/chat-host/stream/c/project%201');
    // The host page's connectUser({ id }, token) needs the id beside the token.
    expect(url.searchParams.get('user')).toBe('user_7');
    const { payload } = await jwtVerify(url.searchParams.get('token')!, new TextEncoder().encode(SECRET));
    expect(payload.user_id).toBe('user_7');
    expect(payload.exp).toBeGreaterThan(Date.now() / 1000);
  });

  it('upserts users and get-or-creates channels, then adds members; server auth on every call', async () => {
    stub.handle((r) => {
      if (r.url.pathname === '/users') return { status: 201, body: { users: {}, duration: '1ms' } };
      return { status: 201, body: channelState('project_1') };
    });
    await vendor.ensureUser({ id: 'user_client', name: 'Ann', email: 'ann@example.test', role: 'client' });
    await vendor.ensureConversation({
      conversationId: 'project_1',
      participantIds: ['user_client', 'user_designer'],
      subject: 'Logo',
    });
    expect(stub.requests.map(route)).toEqual([
      'POST /users',
      'POST /channels/messaging/project_1/query',
      'POST /channels/messaging/project_1',
    ]);
    expect(jsonBody(stub.requests[0])).toMatchObject({
      users: { user_client: { id: 'user_client', name: 'Ann', role: 'user', chatwatch_role: 'client' } },
    });
    expect(jsonBody(stub.requests[1])).toMatchObject({
      data: { members: ['user_client', 'user_designer'], created_by_id: 'user_client', name: 'Logo' },
    });
    expect(jsonBody(stub.requests[2])).toMatchObject({ add_members: ['user_client', 'user_designer'] });
    for (const r of stub.requests) {
      expect(r.url.searchParams.get('api_key')).toBe('strm_key_01');
      expect(r.headers['stream-auth-type']).toBe('jwt');
      await expect(jwtVerify(String(r.headers.authorization), new TextEncoder().encode(SECRET))).resolves.toBeTruthy();
    }
  });

  it('sends with a message id derived from our key; a second send of the key reads the first message back', async () => {
    const sent = new Map<string, unknown>();
    stub.handle((r) => {
      if (r.method === 'POST' && r.url.pathname === '/channels/messaging/project_1/message') {
        const { message: m } = jsonBody(r) as { message: { id: string; text: string; chatwatch_key: string } };
        if (sent.has(m.id))
          return {
            status: 400,
            body: {
              code: 4,
              message: `SendMessage failed with error: "a message with ID ${m.id} already exists"`,
              StatusCode: 400,
            },
          };
        const stored = { ...message(m.id, 1), text: m.text, chatwatch_key: m.chatwatch_key };
        sent.set(m.id, stored);
        return { status: 201, body: { message: stored, duration: '1ms' } };
      }
      const id = decodeURIComponent(r.url.pathname.split('/').at(-1)!);
      return sent.has(id)
        ? { status: 200, body: { message: sent.get(id), duration: '1ms' } }
        : { status: 404, body: { code: 16 } };
    });
    const input = { conversationId: 'project_1', senderId: 'user_client', text: 'hi', idempotencyKey: 'replay:42' };
    const first = await vendor.sendMessage(input);
    const second = await vendor.sendMessage(input);
    expect(first).toEqual(second);
    expect(first).toMatchObject({ id: streamMessageId('replay:42'), text: 'hi', idempotencyKey: 'replay:42' });
    expect(sent.size).toBe(1);
    expect(stub.requests.map(route)).toEqual([
      'POST /channels/messaging/project_1/message',
      'POST /channels/messaging/project_1/message',
      `GET /messages/${streamMessageId('replay:42')}`,
    ]);
  });

  it('lists a window across channel pages (offset) and message pages (id_lt), newest first', async () => {
    // 31 active channels: a full page of 30 then 1. Channel ch_0 has 150 messages over two pages.
    const channels = Array.from({ length: 31 }, (_, i) => `ch_${i}`);
    const ch0 = Array.from({ length: 150 }, (_, i) =>
      message(`m${String(i).padStart(3, '0')}`, i % 60, {
        created_at: new Date(Date.UTC(2026, 10, 30, 9, 0) + i * 60_000).toISOString(),
      }),
    );
    stub.handle((r) => {
      const body = jsonBody(r) as { offset?: number; limit?: number; messages?: { limit: number; id_lt?: string } };
      if (r.url.pathname === '/channels') {
        const page = channels.slice(body.offset ?? 0, (body.offset ?? 0) + (body.limit ?? 30));
        return { status: 201, body: { channels: page.map(channelState), duration: '1ms' } };
      }
      const id = r.url.pathname.split('/')[3]!;
      if (id !== 'ch_0') return { status: 201, body: channelState(id) };
      const before = body.messages?.id_lt ? ch0.findIndex((m) => m.id === body.messages!.id_lt) : ch0.length;
      const limit = body.messages!.limit;
      return { status: 201, body: { ...channelState(id), messages: ch0.slice(Math.max(0, before - limit), before) } };
    });
    // Window: messages 30..119 (09:30 to 11:00).
    const since = new Date(Date.UTC(2026, 10, 30, 9, 30));
    const until = new Date(Date.UTC(2026, 10, 30, 11, 0));
    const ids: string[] = [];
    for await (const m of vendor.listMessages({ since, until })) ids.push(m.id);
    expect(ids).toHaveLength(90);
    expect(new Set(ids)).toEqual(new Set(ch0.slice(30, 120).map((m) => m.id)));
    const channelQueries = stub.requests.filter((r) => r.url.pathname === '/channels').map((r) => jsonBody(r));
    expect(channelQueries.map((q) => (q as { offset: number }).offset)).toEqual([0, 30]);
    expect(channelQueries[0]).toMatchObject({ filter_conditions: { last_message_at: { $gte: since.toISOString() } } });
    const ch0Queries = stub.requests
      .filter((r) => r.url.pathname === '/channels/messaging/ch_0/query')
      .map((r) => jsonBody(r));
    expect(ch0Queries.map((q) => (q as { messages: { id_lt?: string } }).messages.id_lt)).toEqual([undefined, 'm050']);
  });

  it('maps a 503 to a retryable VendorApiError and a 400 to a final one; probe is GET /app', async () => {
    stub.handle(() => ({ status: 503, body: { code: -1, message: 'unavailable' } }));
    const unavailable = await vendor.probe!().catch((e: unknown) => e);
    expect(unavailable).toBeInstanceOf(VendorApiError);
    expect(unavailable).toMatchObject({ status: 503, retryable: true });
    expect(route(stub.requests[0]!)).toBe('GET /app');
    stub.handle(() => ({ status: 400, body: { code: 4, message: 'bad input' } }));
    const bad = await vendor.ensureUser({ id: 'u', name: 'n', email: 'e', role: 'client' }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ status: 400, retryable: false, vendorCode: '4' });
  });
});
