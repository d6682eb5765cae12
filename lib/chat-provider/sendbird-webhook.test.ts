import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WebhookSignatureError } from './errors';
import { createSendbirdProvider } from './sendbird';

// Sendbird publishes no signing or checking helper (its npm packages are client SDKs; @sendbird/chat has none) and no
// test vector. The signing side here is the documented algorithm written with Node's crypto
// (https://sendbird.com/docs/chat/platform-api/v3/webhook/webhook-overview: x-sendbird-signature = SHA-256 HMAC of the
// body with the master API token), plus one fixed vector computed once with `openssl dgst -sha256 -hmac`.
// Bodies follow the group channel events page (…/webhook/events/group-channel-events).

const TOKEN = 'sb_master_token_0123456789abcdef0123456789';
const vendor = createSendbirdProvider({
  appId: 'ABCD-1234',
  apiUrl: 'http://127.0.0.1:1',
  embedUrl: 'https://app.example/api/chat-host/sendbird/c',
  apiSecret: TOKEN,
  webhookSecret: TOKEN,
});

const messageSend = {
  category: 'group_channel:message_send',
  sender: { user_id: 'user_client', nickname: 'Ada', profile_url: '', metadata: {} },
  silent: false,
  custom_type: '',
  mention_type: 'users',
  mentioned_users: [],
  members: [{ user_id: 'user_client' }, { user_id: 'user_designer' }],
  type: 'MESG',
  payload: {
    message: 'Hello from London',
    data: '{"chatwatch_key":"fallback:abc"}',
    translations: {},
    created_at: 1_796_032_800_123,
    message_id: 7_400_000_001,
  },
  channel: { name: 'Logo', channel_url: 'project_1', custom_type: '', is_distinct: false, is_public: false, data: '' },
  sdk: 'API',
  app_id: 'ABCD-1234',
};

function delivery(event: unknown, secret = TOKEN) {
  const rawBody = typeof event === 'string' ? event : JSON.stringify(event);
  const signature = createHmac('sha256', secret).update(rawBody).digest('hex');
  return { rawBody, headers: new Headers({ 'x-sendbird-signature': signature, 'content-type': 'application/json' }) };
}

describe('Sendbird webhook signature (documented algorithm; no official helper exists)', () => {
  it('accepts a fixed vector computed outside this code (openssl)', async () => {
    // printf '%s' '{"category":"group_channel:join"}' | openssl dgst -sha256 -hmac 'sb_master_token_0123456789abcdef0123456789'
    const rawBody = '{"category":"group_channel:join"}';
    const headers = new Headers({ 'x-sendbird-signature': SENDBIRD_VECTOR });
    await expect(vendor.parseWebhook({ rawBody, headers })).resolves.toMatchObject([{ kind: 'unknown' }]);
  });

  it('refuses a tampered body, another token and a missing header', async () => {
    const request = delivery(messageSend);
    await expect(
      vendor.parseWebhook({ ...request, rawBody: request.rawBody.replace('London', 'Paris') }),
    ).rejects.toBeInstanceOf(WebhookSignatureError);
    await expect(vendor.parseWebhook(delivery(messageSend, 'another_token_0123456789'))).rejects.toBeInstanceOf(
      WebhookSignatureError,
    );
    await expect(vendor.parseWebhook({ rawBody: request.rawBody, headers: new Headers() })).rejects.toThrow(/missing/);
  });

  it('gives a retry (same bytes) the same event id, and another body another id', async () => {
    const [a] = await vendor.parseWebhook(delivery(messageSend));
    const [b] = await vendor.parseWebhook(delivery(messageSend));
    const [c] = await vendor.parseWebhook(
      delivery({ ...messageSend, payload: { ...messageSend.payload, message_id: 2 } }),
    );
    expect(a!.eventId).toMatch(/^sendbird:[0-9a-f]{64}$/);
    expect(b!.eventId).toBe(a!.eventId);
    expect(c!.eventId).not.toBe(a!.eventId);
  });
});

describe('Sendbird event normalisation', () => {
  const parse = (event: unknown) => vendor.parseWebhook(delivery(event));

  it('message_send → message.sent, with our key read back from `data`', async () => {
    const [event] = await parse(messageSend);
    expect(event).toMatchObject({
      type: 'group_channel:message_send',
      kind: 'message.sent',
      occurredAt: new Date(1_796_032_800_123),
      message: {
        id: '7400000001',
        conversationId: 'project_1',
        senderId: 'user_client',
        text: 'Hello from London',
        createdAt: new Date(1_796_032_800_123),
        idempotencyKey: 'fallback:abc',
      },
    });
  });

  it('message_update → message.updated; message_delete → message.deleted', async () => {
    const [updated] = await parse({
      ...messageSend,
      category: 'group_channel:message_update',
      payload: { ...messageSend.payload, message: 'Edited' },
    });
    expect(updated).toMatchObject({ kind: 'message.updated', message: { id: '7400000001', text: 'Edited' } });
    const [deleted] = await parse({
      category: 'group_channel:message_delete',
      sender: messageSend.sender,
      payload: { message_id: 7_400_000_001, created_at: 1_796_032_800_123 },
      channel: messageSend.channel,
      app_id: 'ABCD-1234',
    });
    expect(deleted).toMatchObject({ kind: 'message.deleted', conversationId: 'project_1', messageId: '7400000001' });
  });

  it('message_read → one message.read per reader, at its read_ts', async () => {
    const events = await parse({
      category: 'group_channel:message_read',
      members: messageSend.members,
      channel: messageSend.channel,
      read_updates: [
        { user_id: 'user_designer', read_ts: 1_796_032_860_000, channel_unread_message_count: 0 },
        { user_id: 'user_client', read_ts: 1_796_032_870_000, channel_unread_message_count: 0 },
      ],
      app_id: 'ABCD-1234',
    });
    expect(
      events.map((e) => e.kind === 'message.read' && [e.readerId, e.readAt.getTime(), e.eventId.split(':').at(-1)]),
    ).toEqual([
      ['user_designer', 1_796_032_860_000, 'user_designer'],
      ['user_client', 1_796_032_870_000, 'user_client'],
    ]);
    // Each reader has read up to its own read_ts (lib/messaging/read-horizon.ts applies it).
    expect(events.map((e) => e.kind === 'message.read' && e.upTo?.at?.getTime())).toEqual([
      1_796_032_860_000, 1_796_032_870_000,
    ]);
  });

  it('a category we do not act on is kept as unknown', async () => {
    const [event] = await parse({ category: 'open_channel:message_send', channel: { channel_url: 'x' } });
    expect(event).toMatchObject({ kind: 'unknown', type: 'open_channel:message_send' });
  });
});

const SENDBIRD_VECTOR = 'e1868068adc2c91545de66da898164898fbcf424cc4de5cb672da17ee109cd0e';
