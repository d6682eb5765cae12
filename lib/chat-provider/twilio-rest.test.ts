import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHttpStub, type HttpStub, type StubRequest } from '../../test/support/http-stub';
import { VendorApiError } from './errors';
import { createChatProvider } from './index';
import { TWILIO_WEBHOOK_FILTERS } from './twilio';
import type { ChatProvider } from './types';

// The official `twilio` SDK with its requests sent to a local stub (./twilio-client.ts). Bodies follow the
// Conversations REST reference (https://www.twilio.com/docs/conversations/api/): form-encoded requests with Basic
// auth (Account SID : Auth Token), snake_case JSON answers, lists under their resource key with `meta.next_page_url`,
// errors {code, message, more_info, status}.

const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = '0123456789abcdef0123456789abcdef';
const WEBHOOK_URL = 'https://market.example/api/webhooks/chat';
let stub: HttpStub;
let vendor: ChatProvider;

beforeAll(async () => {
  stub = await startHttpStub();
  vendor = createChatProvider('twilio', {
    appId: ACCOUNT,
    apiUrl: stub.url,
    embedUrl: 'https://market.example/api/chat-host/twilio/c',
    apiSecret: TOKEN,
    webhookSecret: TOKEN,
    webhookUrl: WEBHOOK_URL,
    listRequestBudget: 50,
  });
});
afterAll(() => stub.close());
beforeEach(() => {
  stub.requests.length = 0;
});

const route = (r: StubRequest) => `${r.method} ${r.url.pathname}`;
const form = (r: StubRequest | undefined) => new URLSearchParams(r?.body ?? '');
const twilioError = (status: number, code: number) => ({
  status,
  body: { code, message: `error ${code}`, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
});
const T0 = Date.UTC(2026, 10, 30, 9, 0);
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const message = (n: number, conversation = 'CH' + '0'.repeat(32), attributes = '{}') => ({
  sid: `IM${String(n).padStart(32, '0')}`,
  account_sid: ACCOUNT,
  conversation_sid: conversation,
  index: n,
  author: 'user_client',
  body: `text ${n}`,
  attributes,
  date_created: iso(T0 + n * 60_000),
  date_updated: iso(T0 + n * 60_000),
  url: `https://conversations.twilio.com/v1/Conversations/${conversation}/Messages/IM${n}`,
});
const meta = (key: string, next: string | null) => ({
  page: 0,
  page_size: 100,
  first_page_url: 'https://conversations.twilio.com/v1/x',
  previous_page_url: null,
  url: 'https://conversations.twilio.com/v1/x',
  next_page_url: next,
  key,
});

describe('Twilio Conversations REST through the twilio SDK', () => {
  it('creates users, the conversation, participants and its webhook; "already exists" (409) is fine', async () => {
    stub.handle((r) => {
      if (route(r) === 'POST /v1/Users') return twilioError(409, 50201);
      if (route(r) === 'POST /v1/Conversations') return twilioError(409, 50353);
      if (r.url.pathname.endsWith('/Participants')) return twilioError(409, 50433);
      if (r.method === 'GET' && r.url.pathname.endsWith('/Webhooks'))
        return { status: 200, body: { webhooks: [], meta: meta('webhooks', null) } };
      return { status: 201, body: { sid: 'WH1', account_sid: ACCOUNT, identity: 'user_client' } };
    });
    await vendor.ensureUser({ id: 'user_client', name: 'Ann', email: 'ann@example.test', role: 'client' });
    await vendor.ensureConversation({
      conversationId: 'project_1',
      participantIds: ['user_client', 'user_designer'],
      subject: 'Logo',
    });
    expect(stub.requests.map(route)).toEqual([
      'POST /v1/Users',
      'POST /v1/Users/user_client',
      'POST /v1/Conversations',
      'POST /v1/Conversations/project_1/Participants',
      'POST /v1/Conversations/project_1/Participants',
      'GET /v1/Conversations/project_1/Webhooks',
      'POST /v1/Conversations/project_1/Webhooks',
    ]);
    expect(Object.fromEntries(form(stub.requests[0]))).toEqual({ Identity: 'user_client', FriendlyName: 'Ann' });
    expect(Object.fromEntries(form(stub.requests[2]))).toEqual({ UniqueName: 'project_1', FriendlyName: 'Logo' });
    const hook = form(stub.requests[6]);
    expect(hook.get('Target')).toBe('webhook');
    expect(hook.get('Configuration.Url')).toBe(`${WEBHOOK_URL}?conversation=project_1`);
    expect(hook.getAll('Configuration.Filters')).toEqual(TWILIO_WEBHOOK_FILTERS);
    const basic = `Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64')}`;
    expect(stub.requests.every((r) => r.headers.authorization === basic)).toBe(true);
  });

  it('does not add the conversation webhook twice', async () => {
    stub.handle((r) => {
      if (r.method === 'GET')
        return {
          status: 200,
          body: {
            webhooks: [
              { sid: 'WH1', target: 'webhook', configuration: { url: `${WEBHOOK_URL}?conversation=project_1` } },
            ],
            meta: meta('webhooks', null),
          },
        };
      return { status: 201, body: { sid: 'CH1' } };
    });
    await vendor.ensureConversation({ conversationId: 'project_1', participantIds: ['user_client'], subject: 'Logo' });
    expect(stub.requests.map(route).filter((r) => r.endsWith('/Webhooks'))).toEqual([
      'GET /v1/Conversations/project_1/Webhooks',
    ]);
  });

  it('sends once per key (found again in Attributes) and asks Twilio to fire webhooks for it', async () => {
    const stored: ReturnType<typeof message>[] = [];
    stub.handle((r) => {
      if (r.method === 'GET')
        return { status: 200, body: { messages: [...stored].reverse(), meta: meta('messages', null) } };
      const f = form(r);
      const m = {
        ...message(stored.length + 1, 'CH1', f.get('Attributes')!),
        body: f.get('Body')!,
        author: f.get('Author')!,
      };
      stored.push(m);
      return { status: 201, body: m };
    });
    const input = {
      conversationId: 'project_1',
      senderId: 'user_client',
      text: 'hi & bye',
      idempotencyKey: 'replay:42',
    };
    const first = await vendor.sendMessage(input);
    const second = await vendor.sendMessage(input);
    expect(second).toEqual(first);
    expect(first).toMatchObject({
      id: stored[0]!.sid,
      text: 'hi & bye',
      conversationId: 'project_1',
      idempotencyKey: 'replay:42',
    });
    expect(stored).toHaveLength(1);
    const post = stub.requests.find((r) => r.method === 'POST')!;
    expect(post.headers['x-twilio-webhook-enabled']).toBe('true');
    expect(form(post).get('Attributes')).toBe('{"chatwatch_key":"replay:42"}');
    expect(stub.requests[0]!.url.searchParams.get('Order')).toBe('desc');
  });

  it('lists a window following next_page_url for conversations and messages (newest first)', async () => {
    const conv = (sid: string, unique: string | null, updatedMin: number) => ({
      sid,
      unique_name: unique,
      account_sid: ACCOUNT,
      date_created: iso(T0),
      date_updated: iso(T0 + updatedMin * 60_000),
    });
    const all = Array.from({ length: 250 }, (_, n) => message(n, 'CHa'));
    stub.handle((r) => {
      const q = Object.fromEntries(r.url.searchParams);
      if (r.url.pathname === '/v1/Conversations') {
        return q.PageToken
          ? { status: 200, body: { conversations: [conv('CHb', null, -10)], meta: meta('conversations', null) } }
          : {
              status: 200,
              body: {
                conversations: [conv('CHa', 'project_1', 249)],
                meta: meta(
                  'conversations',
                  'https://conversations.twilio.com/v1/Conversations?PageSize=100&Page=1&PageToken=PT2',
                ),
              },
            };
      }
      // Messages newest first, pages of PageSize, next page by PageToken = index to continue below.
      const below = q.PageToken ? Number(q.PageToken) : all.length;
      const page = all.slice(Math.max(0, below - Number(q.PageSize)), below).reverse();
      const next =
        below - page.length > 0
          ? `https://conversations.twilio.com/v1/Conversations/CHa/Messages?Order=desc&PageSize=100&Page=1&PageToken=${below - page.length}`
          : null;
      return { status: 200, body: { messages: page, meta: meta('messages', next) } };
    });
    const since = new Date(T0 + 60 * 60_000);
    const until = new Date(T0 + 200 * 60_000);
    const ids: string[] = [];
    const conversations = new Set<string>();
    for await (const m of vendor.listMessages({ since, until })) {
      ids.push(m.id);
      conversations.add(m.conversationId);
    }
    expect(ids).toEqual(
      all
        .slice(60, 200)
        .reverse()
        .map((m) => m.sid),
    );
    expect([...conversations]).toEqual(['project_1']);
    expect(stub.requests.map((r) => `${r.url.pathname} ${r.url.searchParams.get('PageToken')}`)).toEqual([
      '/v1/Conversations null',
      '/v1/Conversations PT2',
      '/v1/Conversations/CHa/Messages null',
      // The second page (messages 50..149) reaches below `since`: no third request.
      '/v1/Conversations/CHa/Messages 150',
    ]);
  });

  it("lists a message from the window's first second, which Twilio dates (whole seconds) before `since`", async () => {
    // Sent 700 ms into the second in which the window starts 400 ms in: Twilio shows it, and its conversation's last
    // update, at the whole second, before `since`. Seen in the reconciliation e2e: 0 of 7 dropped messages found.
    const first = { ...message(0, 'CHa'), date_created: iso(T0 + 700), date_updated: iso(T0 + 700) };
    const older = { ...message(1, 'CHa'), date_created: iso(T0 - 2_000), date_updated: iso(T0 - 2_000) };
    stub.handle((r) =>
      r.url.pathname === '/v1/Conversations'
        ? {
            status: 200,
            body: {
              conversations: [
                {
                  sid: 'CHa',
                  unique_name: 'project_1',
                  account_sid: ACCOUNT,
                  date_created: iso(T0 - 60_000),
                  date_updated: iso(T0 + 700),
                },
              ],
              meta: meta('conversations', null),
            },
          }
        : { status: 200, body: { messages: [first, older], meta: meta('messages', null) } },
    );
    const ids: string[] = [];
    for await (const m of vendor.listMessages({ since: new Date(T0 + 400), until: new Date(T0 + 60_000) }))
      ids.push(m.id);
    expect(ids).toEqual([first.sid]);
  });

  it('maps 503 to a retryable and 400 to a final VendorApiError; probe is GET /v1/Configuration', async () => {
    stub.handle(() => twilioError(503, 20503));
    const down = await vendor.probe!().catch((e: unknown) => e);
    expect(down).toBeInstanceOf(VendorApiError);
    expect(down).toMatchObject({ status: 503, retryable: true, vendorCode: '20503' });
    expect(route(stub.requests[0]!)).toBe('GET /v1/Configuration');
    stub.handle(() => twilioError(400, 50100));
    await expect(vendor.ensureUser({ id: 'u', name: 'n', email: 'e', role: 'client' })).rejects.toMatchObject({
      status: 400,
      retryable: false,
    });
  });
});
