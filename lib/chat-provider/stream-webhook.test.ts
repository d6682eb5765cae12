import { createHmac } from 'node:crypto';
import { StreamChat } from 'stream-chat';
import { describe, expect, it } from 'vitest';
import { WebhookPayloadError, WebhookSignatureError } from './errors';
import { createStreamProvider } from './stream';

// Stream signs X-Signature = hex HMAC-SHA256(raw body, API secret). Stream publishes no signing helper, only the
// checker: every signature below is made with Node's crypto and checked by the OFFICIAL `StreamChat#verifyWebhook`
// (stream-chat 9.53.0) before our verifier sees it, so our verifier is held to the library's answer, not to itself.
// Bodies follow https://getstream.io/chat/docs/node/push_webhook/ and the SDK's `Event` type.

const API_KEY = 'strm_key_01';
const SECRET = 'strm_secret_0123456789abcdefghijklmnop';
const official = new StreamChat(API_KEY, SECRET);
const vendor = createStreamProvider({
  appId: API_KEY,
  apiUrl: 'http://127.0.0.1:1',
  embedUrl: 'https://app.example/api/chat-host/stream/c',
  apiSecret: SECRET,
  webhookSecret: SECRET,
});

const messageNew = {
  type: 'message.new',
  cid: 'messaging:project_1',
  channel_type: 'messaging',
  channel_id: 'project_1',
  message: {
    id: 'msg-1',
    text: 'Hello from London',
    html: '<p>Hello from London</p>\n',
    type: 'regular',
    user: { id: 'user_client', role: 'user', banned: false, online: false },
    attachments: [],
    latest_reactions: [],
    created_at: '2026-11-30T10:00:00.123456Z',
    updated_at: '2026-11-30T10:00:00.123456Z',
    chatwatch_key: 'fallback:abc',
  },
  user: { id: 'user_client' },
  created_at: '2026-11-30T10:00:00.2Z',
  watcher_count: 0,
};

function delivery(event: unknown, options: { id?: string; attempt?: number; secret?: string } = {}) {
  const rawBody = JSON.stringify(event);
  const signature = createHmac('sha256', options.secret ?? SECRET)
    .update(rawBody)
    .digest('hex');
  return {
    rawBody,
    signature,
    headers: new Headers({
      'X-Signature': signature,
      'X-Webhook-Id': options.id ?? '123e4567-e89b-12d3-a456-426614174000',
      'X-Webhook-Attempt': String(options.attempt ?? 1),
      'X-Api-Key': API_KEY,
    }),
  };
}

describe('Stream webhook signature', () => {
  it("accepts what stream-chat's own verifyWebhook accepts", async () => {
    const request = delivery(messageNew);
    expect(official.verifyWebhook(request.rawBody, request.signature)).toBe(true);
    await expect(vendor.parseWebhook(request)).resolves.toHaveLength(1);
  });

  it("refuses a tampered body, as stream-chat's verifyWebhook does", async () => {
    const request = delivery(messageNew);
    const rawBody = request.rawBody.replace('London', 'Paris');
    expect(official.verifyWebhook(rawBody, request.signature)).toBe(false);
    await expect(vendor.parseWebhook({ ...request, rawBody })).rejects.toBeInstanceOf(WebhookSignatureError);
  });

  it('refuses a signature made with another secret, and a missing one', async () => {
    const request = delivery(messageNew, { secret: 'someone_elses_secret_0123456789' });
    expect(official.verifyWebhook(request.rawBody, request.signature)).toBe(false);
    await expect(vendor.parseWebhook(request)).rejects.toBeInstanceOf(WebhookSignatureError);
    const headers = new Headers(request.headers);
    headers.delete('x-signature');
    await expect(vendor.parseWebhook({ rawBody: request.rawBody, headers })).rejects.toThrow(/missing X-Signature/);
  });

  it('keys the event by X-Webhook-Id, the same on every retry', async () => {
    const [first] = await vendor.parseWebhook(delivery(messageNew, { id: 'wh-1', attempt: 1 }));
    const [retry] = await vendor.parseWebhook(delivery(messageNew, { id: 'wh-1', attempt: 2 }));
    expect(first!.eventId).toBe('wh-1');
    expect(retry!.eventId).toBe('wh-1');
  });

  it('answers a signed body that is not JSON as a payload error, not a signature error', async () => {
    const rawBody = 'not json';
    const signature = createHmac('sha256', SECRET).update(rawBody).digest('hex');
    expect(official.verifyWebhook(rawBody, signature)).toBe(true);
    await expect(
      vendor.parseWebhook({ rawBody, headers: new Headers({ 'x-signature': signature }) }),
    ).rejects.toBeInstanceOf(WebhookPayloadError);
  });
});

describe('Stream event normalisation', () => {
  const parse = async (event: unknown) => (await vendor.parseWebhook(delivery(event)))[0]!;

  it('message.new → message.sent with our idempotency key read back from the custom field', async () => {
    expect(await parse(messageNew)).toEqual({
      eventId: '123e4567-e89b-12d3-a456-426614174000',
      type: 'message.new',
      occurredAt: new Date('2026-11-30T10:00:00.2Z'),
      kind: 'message.sent',
      message: {
        id: 'msg-1',
        conversationId: 'project_1',
        senderId: 'user_client',
        text: 'Hello from London',
        createdAt: new Date('2026-11-30T10:00:00.123Z'),
        idempotencyKey: 'fallback:abc',
      },
    });
  });

  it('message.updated → message.updated with the new text; message.deleted → message.deleted', async () => {
    const updated = await parse({
      ...messageNew,
      type: 'message.updated',
      message: { ...messageNew.message, text: 'Edited' },
    });
    expect(updated).toMatchObject({ kind: 'message.updated', message: { id: 'msg-1', text: 'Edited' } });
    const deleted = await parse({
      ...messageNew,
      type: 'message.deleted',
      message: { ...messageNew.message, type: 'deleted', text: '', deleted_at: '2026-11-30T10:05:00Z' },
    });
    expect(deleted).toMatchObject({ kind: 'message.deleted', conversationId: 'project_1', messageId: 'msg-1' });
  });

  it('message.read → a read up to the last read message', async () => {
    const readBody = {
      type: 'message.read',
      cid: 'messaging:project_1',
      channel_type: 'messaging',
      channel_id: 'project_1',
      user: { id: 'user_designer' },
      last_read_message_id: 'msg-1',
      created_at: '2026-11-30T10:01:00Z',
    };
    const read = await parse(readBody);
    expect(read).toMatchObject({
      kind: 'message.read',
      conversationId: 'project_1',
      readerId: 'user_designer',
      messageIds: [],
      upTo: { messageId: 'msg-1' },
      readAt: new Date('2026-11-30T10:01:00Z'),
    });
    const { last_read_message_id: _, ...withoutId } = readBody;
    expect(await parse(withoutId)).toMatchObject({ upTo: { at: new Date('2026-11-30T10:01:00Z') } });
  });

  it('an event type we do not act on is kept as unknown (stored and acknowledged)', async () => {
    const event = await parse({
      type: 'typing.start',
      cid: 'messaging:project_1',
      user: { id: 'u' },
      created_at: '2026-11-30T10:01:00Z',
    });
    expect(event).toMatchObject({ kind: 'unknown', type: 'typing.start' });
  });

  it('a known type with a missing field is a payload error naming it', async () => {
    await expect(
      vendor.parseWebhook(delivery({ type: 'message.new', cid: 'messaging:p', created_at: '2026-11-30T10:01:00Z' })),
    ).rejects.toThrow(/message/);
  });
});
