import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WebhookPayloadError, WebhookSignatureError } from './errors';
import { createTalkJsProvider, verifyTalkJsSignature } from './talkjs';
import { docsMessage, messageReadEvent, messageSentEvent, signatureVector } from './talkjs.fixtures';

// Fixtures and the signing scheme come from TalkJS's documentation; see talkjs.fixtures.ts for the pages.

const webhookSecret = 'sk_test_webhookSecretFromDashboard01';
const vendor = createTalkJsProvider({
  appId: 'tJsApp01',
  apiUrl: 'http://127.0.0.1:1',
  embedUrl: 'https://chat.example.test',
  apiSecret: 'sk_test_rest_secret_0123456789',
  webhookSecret,
});

/** Signs per the docs' pseudocode: HMAC_SHA256(secret, timestamp + '.' + raw_post_body), uppercase hex. */
function signed(event: unknown, options: { timestamp?: string; secret?: string; now?: Date } = {}) {
  const rawBody = typeof event === 'string' ? event : JSON.stringify(event);
  const timestamp = options.timestamp ?? String(Date.now());
  const signature = createHmac('sha256', options.secret ?? webhookSecret)
    .update(`${timestamp}.${rawBody}`)
    .digest('hex')
    .toUpperCase();
  return {
    rawBody,
    headers: new Headers({ 'X-TalkJS-Signature': signature, 'X-TalkJS-Timestamp': timestamp }),
    now: options.now,
  };
}

describe('TalkJS webhook signature (documented scheme)', () => {
  it('accepts the fixed documented-format vector', () => {
    const { secret, timestamp, body, signature } = signatureVector;
    const headers = new Headers({ 'X-TalkJS-Signature': signature, 'X-TalkJS-Timestamp': timestamp });
    expect(() =>
      verifyTalkJsSignature(secret, { rawBody: body, headers, now: new Date(1_700_000_060_000) }),
    ).not.toThrow();
  });

  it('accepts timestamps in milliseconds or seconds (the docs do not say which)', async () => {
    await expect(
      vendor.parseWebhook(signed(messageSentEvent, { timestamp: String(Date.now()) })),
    ).resolves.toHaveLength(1);
    await expect(
      vendor.parseWebhook(signed(messageSentEvent, { timestamp: String(Math.floor(Date.now() / 1000)) })),
    ).resolves.toHaveLength(1);
  });

  it('rejects a tampered body', async () => {
    const request = signed(messageSentEvent);
    await expect(
      vendor.parseWebhook({ ...request, rawBody: request.rawBody.replace('London', 'Paris') }),
    ).rejects.toBeInstanceOf(WebhookSignatureError);
  });

  it('rejects a signature made with another key', async () => {
    await expect(
      vendor.parseWebhook(signed(messageSentEvent, { secret: 'sk_test_someone_else' })),
    ).rejects.toBeInstanceOf(WebhookSignatureError);
  });

  it('rejects stale and future timestamps outside ±5 minutes', async () => {
    await expect(
      vendor.parseWebhook(signed(messageSentEvent, { timestamp: String(Date.now() - 6 * 60_000) })),
    ).rejects.toThrow(/away from now/);
    await expect(
      vendor.parseWebhook(signed(messageSentEvent, { timestamp: String(Date.now() + 6 * 60_000) })),
    ).rejects.toThrow(/away from now/);
    await expect(
      vendor.parseWebhook(signed(messageSentEvent, { timestamp: String(Date.now() - 4 * 60_000) })),
    ).resolves.toHaveLength(1);
  });

  it('rejects missing headers and a non-numeric timestamp', async () => {
    await expect(vendor.parseWebhook({ rawBody: '{}', headers: new Headers() })).rejects.toBeInstanceOf(
      WebhookSignatureError,
    );
    await expect(vendor.parseWebhook(signed(messageSentEvent, { timestamp: 'yesterday' }))).rejects.toThrow(
      /not a number/,
    );
  });
});

describe('TalkJS webhook payloads', () => {
  it('maps message.sent', async () => {
    const [event] = await vendor.parseWebhook(signed(messageSentEvent));
    expect(event).toEqual({
      eventId: 'evt_AVbFJQl9Wy2bJ3lB6o',
      type: 'message.sent',
      kind: 'message.sent',
      occurredAt: new Date(1632919967100),
      message: {
        id: 'msg_0UQbqdxnQWkoIw7Db7fZHK',
        conversationId: '87d70908d90cee5d12bd',
        senderId: '432156789',
        text: "Hey, I'm in London",
        createdAt: new Date(1632919967033),
        idempotencyKey: null,
      },
    });
  });

  it('reads our idempotency key back from message.custom', async () => {
    const event = {
      ...messageSentEvent,
      data: { ...messageSentEvent.data, message: { ...docsMessage, custom: { idempotencyKey: 'fallback-42' } } },
    };
    const [normalized] = await vendor.parseWebhook(signed(event));
    expect(normalized).toMatchObject({ kind: 'message.sent', message: { idempotencyKey: 'fallback-42' } });
  });

  it('maps message.read to the recipient reading that one message', async () => {
    const [event] = await vendor.parseWebhook(signed(messageReadEvent));
    expect(event).toEqual({
      eventId: 'evt_AVbFJQl9Wy2bJ3lB7p',
      type: 'message.read',
      kind: 'message.read',
      occurredAt: new Date(1632920000000),
      conversationId: '87d70908d90cee5d12bd',
      readerId: '123456789',
      messageIds: ['msg_0UQbqdxnQWkoIw7Db7fZHK'],
      readAt: new Date(1632920000000),
    });
  });

  it('keeps undocumented or uninteresting types, and system messages, as unknown', async () => {
    for (const type of ['conversation.created', 'user.created', 'notification.triggered']) {
      const [event] = await vendor.parseWebhook(signed({ ...messageSentEvent, type, data: {} }));
      expect(event).toMatchObject({ kind: 'unknown', type });
    }
    const system = {
      ...messageSentEvent,
      data: { ...messageSentEvent.data, message: { ...docsMessage, type: 'SystemMessage', senderId: null } },
    };
    const [event] = await vendor.parseWebhook(signed(system));
    expect(event).toMatchObject({ kind: 'unknown', type: 'message.sent' });
  });

  it('falls back to the signed X-TalkJS-Timestamp when the event has no createdAt (as in TalkJS examples)', async () => {
    const { createdAt: _omitted, ...withoutCreatedAt } = messageSentEvent;
    const sentAt = Date.now() - 2_000;
    const [event] = await vendor.parseWebhook(signed(withoutCreatedAt, { timestamp: String(sentAt) }));
    expect(event).toMatchObject({ kind: 'message.sent', occurredAt: new Date(sentAt) });
    const [inSeconds] = await vendor.parseWebhook(
      signed(withoutCreatedAt, { timestamp: String(Math.floor(sentAt / 1000)) }),
    );
    expect(inSeconds!.occurredAt).toEqual(new Date(Math.floor(sentAt / 1000) * 1000));
  });

  it('maps message.updated to the edited message, message.deleted and conversation.deleted to their targets', async () => {
    const edited = {
      ...messageSentEvent,
      id: 'evt_edit',
      type: 'message.updated',
      data: {
        ...messageSentEvent.data,
        message: { ...docsMessage, text: "I'm in Paris now", editedAt: 1632920100000 },
      },
    };
    const [update] = await vendor.parseWebhook(signed(edited));
    expect(update).toMatchObject({
      kind: 'message.updated',
      eventId: 'evt_edit',
      message: { id: docsMessage.id, conversationId: docsMessage.conversationId, text: "I'm in Paris now" },
    });
    const [deletion] = await vendor.parseWebhook(
      signed({ ...messageSentEvent, id: 'evt_del', type: 'message.deleted' }),
    );
    expect(deletion).toEqual({
      eventId: 'evt_del',
      type: 'message.deleted',
      kind: 'message.deleted',
      occurredAt: new Date(messageSentEvent.createdAt),
      conversationId: docsMessage.conversationId,
      messageId: docsMessage.id,
    });
    const [gone] = await vendor.parseWebhook(
      signed({
        id: 'evt_conv',
        createdAt: messageSentEvent.createdAt,
        type: 'conversation.deleted',
        data: { conversation: { id: 'order_9' } },
      }),
    );
    expect(gone).toEqual({
      eventId: 'evt_conv',
      type: 'conversation.deleted',
      kind: 'conversation.deleted',
      occurredAt: new Date(messageSentEvent.createdAt),
      conversationId: 'order_9',
    });
    await expect(
      vendor.parseWebhook(signed({ ...messageSentEvent, type: 'message.deleted', data: {} })),
    ).rejects.toThrow(/message/);
  });

  it('reports malformed bodies as payload errors', async () => {
    await expect(vendor.parseWebhook(signed('not json'))).rejects.toBeInstanceOf(WebhookPayloadError);
    await expect(vendor.parseWebhook(signed({ ...messageSentEvent, createdAt: 'yesterday' }))).rejects.toThrow(
      /createdAt/,
    );
    await expect(vendor.parseWebhook(signed({ ...messageReadEvent, data: { message: docsMessage } }))).rejects.toThrow(
      /recipient/,
    );
  });
});

describe('TalkJS webhook: hostile input (bounded identifiers and text, lib/http/bounded-text.ts)', () => {
  it('refuses a signed event whose id is 7,500 random bytes, or whose id or message text holds NUL, as a payload error', async () => {
    const { randomBytes } = await import('node:crypto');
    const longId = { ...messageSentEvent, id: randomBytes(7500).toString('base64') };
    const nulId = { ...messageSentEvent, id: 'evt_\u0000' };
    const nulText = {
      ...messageSentEvent,
      data: { ...messageSentEvent.data, message: { ...messageSentEvent.data.message, text: 'a\u0000b' } },
    };
    for (const event of [longId, nulId, nulText])
      await expect(vendor.parseWebhook(signed(event))).rejects.toBeInstanceOf(WebhookPayloadError);
  });
});
