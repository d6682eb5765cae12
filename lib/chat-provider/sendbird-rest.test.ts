import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jsonBody, startHttpStub, type HttpStub, type StubRequest } from '../../test/support/http-stub';
import { VendorApiError } from './errors';
import { createChatProvider } from './index';
import type { ChatProvider } from './types';

// Sendbird's Platform API (https://sendbird.com/docs/chat/platform-api/v3/) replayed by a local stub: `Api-Token`
// header, error bodies {error:true, code, message}, channel lists paged by `next` tokens, message lists by
// message_ts / message_id with next_limit ≤ 200.

const TOKEN = 'sb_master_token_0123456789abcdef0123456789';
let stub: HttpStub;
let vendor: ChatProvider;

beforeAll(async () => {
  stub = await startHttpStub();
  vendor = createChatProvider('sendbird', {
    appId: 'ABCD-1234',
    apiUrl: stub.url,
    embedUrl: 'https://market.example/api/chat-host/sendbird/c',
    apiSecret: TOKEN,
    webhookSecret: TOKEN,
    listRequestBudget: 50,
  });
});
afterAll(() => stub.close());
beforeEach(() => {
  stub.requests.length = 0;
});

const route = (r: StubRequest) => `${r.method} ${r.url.pathname}`;
const exists = { status: 400, body: { error: true, code: 400202, message: '"user_id" violates a unique constraint.' } };
const T0 = Date.UTC(2026, 10, 30, 9, 0);
const message = (n: number, channel = 'project_1', data = '') => ({
  message_id: 1000 + n,
  type: 'MESG',
  message: `text ${n}`,
  user: { user_id: 'user_client', nickname: 'Ann' },
  channel_url: channel,
  created_at: T0 + n * 60_000,
  updated_at: 0,
  data,
});

describe('Sendbird REST', () => {
  it('creates users and channels, or updates / invites when they exist (400202), with the Api-Token header', async () => {
    stub.handle((r) =>
      r.method === 'POST' && (r.url.pathname === '/v3/users' || r.url.pathname === '/v3/group_channels')
        ? exists
        : { status: 200, body: {} },
    );
    await vendor.ensureUser({ id: 'user_client', name: 'Ann', email: 'ann@example.test', role: 'client' });
    await vendor.ensureConversation({
      conversationId: 'project_1',
      participantIds: ['user_client', 'user_designer'],
      subject: 'Logo',
    });
    expect(stub.requests.map(route)).toEqual([
      'POST /v3/users',
      'PUT /v3/users/user_client',
      'POST /v3/group_channels',
      'POST /v3/group_channels/project_1/invite',
    ]);
    expect(jsonBody(stub.requests[0])).toEqual({ user_id: 'user_client', nickname: 'Ann', profile_url: '' });
    expect(jsonBody(stub.requests[2])).toMatchObject({
      channel_url: 'project_1',
      user_ids: ['user_client', 'user_designer'],
      is_distinct: false,
    });
    expect(stub.requests.every((r) => r.headers['api-token'] === TOKEN && !r.headers.authorization)).toBe(true);
  });

  it('another 400 is final, a 503 retryable', async () => {
    stub.handle(() => ({ status: 400, body: { error: true, code: 400105, message: 'bad user_id' } }));
    await expect(vendor.ensureUser({ id: 'u', name: 'n', email: 'e', role: 'client' })).rejects.toMatchObject({
      status: 400,
      retryable: false,
      vendorCode: '400105',
    });
    stub.handle(() => ({ status: 503, body: 'upstream down' }));
    const error = await vendor.probe!().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorApiError);
    expect(error).toMatchObject({ status: 503, retryable: true });
    expect(route(stub.requests.at(-1)!)).toBe('GET /v3/users');
  });

  it('sends once per key: a repeat finds the first message by the key in `data`', async () => {
    const stored: ReturnType<typeof message>[] = [];
    stub.handle((r) => {
      if (r.method === 'GET') return { status: 200, body: { messages: stored } };
      const body = jsonBody(r) as { message: string; data: string };
      const m = { ...message(stored.length + 1, 'project_1', body.data), message: body.message };
      stored.push(m);
      return { status: 200, body: m };
    });
    const input = { conversationId: 'project_1', senderId: 'user_client', text: 'hi', idempotencyKey: 'replay:42' };
    const first = await vendor.sendMessage(input);
    const second = await vendor.sendMessage(input);
    expect(second).toEqual(first);
    expect(first).toMatchObject({ id: '1001', text: 'hi', idempotencyKey: 'replay:42' });
    expect(stored).toHaveLength(1);
    expect(stub.requests.map(route)).toEqual([
      'GET /v3/group_channels/project_1/messages',
      'POST /v3/group_channels/project_1/messages',
      'GET /v3/group_channels/project_1/messages',
    ]);
    expect(Object.fromEntries(stub.requests[0]!.url.searchParams)).toMatchObject({
      prev_limit: '200',
      next_limit: '0',
    });
    expect(jsonBody(stub.requests[1])).toMatchObject({
      message_type: 'MESG',
      user_id: 'user_client',
      data: '{"chatwatch_key":"replay:42"}',
    });
  });

  it('lists a window: channels by `next` token until one is older than since, messages by message_id pages of 200', async () => {
    // 450 messages in project_1, one a minute from 09:00; the window is minutes 100..400.
    const all = Array.from({ length: 450 }, (_, n) => message(n));
    const channelPages: Record<string, { channels: unknown[]; next: string }> = {
      '': { channels: [{ channel_url: 'project_1', last_message: { created_at: T0 + 449 * 60_000 } }], next: 'tok2' },
      tok2: { channels: [{ channel_url: 'old_1', last_message: { created_at: T0 - 60_000 } }], next: 'tok3' },
    };
    stub.handle((r) => {
      const q = Object.fromEntries(r.url.searchParams);
      if (r.url.pathname === '/v3/group_channels') return { status: 200, body: channelPages[q.token ?? ''] };
      const from = q.message_ts
        ? all.findIndex((m) => m.created_at >= Number(q.message_ts))
        : all.findIndex((m) => String(m.message_id) === q.message_id) + 1;
      return { status: 200, body: { messages: all.slice(from, from + Number(q.next_limit)) } };
    });
    const since = new Date(T0 + 100 * 60_000);
    const until = new Date(T0 + 400 * 60_000);
    const ids: string[] = [];
    for await (const m of vendor.listMessages({ since, until })) ids.push(m.id);
    expect(ids).toEqual(all.slice(100, 400).map((m) => String(m.message_id)));
    const gets = stub.requests.map(
      (r) =>
        `${r.url.pathname} ${r.url.searchParams.get('token') ?? r.url.searchParams.get('message_id') ?? r.url.searchParams.get('message_ts')}`,
    );
    expect(gets).toEqual([
      '/v3/group_channels null',
      '/v3/group_channels tok2',
      `/v3/group_channels/project_1/messages ${since.getTime()}`,
      '/v3/group_channels/project_1/messages 1299',
    ]);
  });
});
