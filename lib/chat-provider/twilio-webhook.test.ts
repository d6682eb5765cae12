import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { WebhookSignatureError } from './errors';
import { createTwilioProvider } from './twilio';

// Every signature here is PRODUCED by the official `twilio` library (`twilio.getExpectedTwilioSignature`, the function
// its `validateRequest` checks against) and cross-checked with `twilio.validateRequest`; our verifier must agree.
// Parameters follow https://www.twilio.com/docs/conversations/conversations-webhooks (form-encoded).

const AUTH_TOKEN = '0123456789abcdef0123456789abcdef';
const WEBHOOK_URL = 'https://market.example/api/webhooks/chat';
const vendor = createTwilioProvider({
  appId: 'AC0123456789abcdef0123456789abcdef',
  apiUrl: 'http://127.0.0.1:1',
  embedUrl: 'https://market.example/api/chat-host/twilio/c',
  apiSecret: AUTH_TOKEN,
  webhookSecret: AUTH_TOKEN,
  webhookUrl: WEBHOOK_URL,
});

const messageAdded = {
  EventType: 'onMessageAdded',
  AccountSid: 'AC0123456789abcdef0123456789abcdef',
  ChatServiceSid: 'IS0123456789abcdef0123456789abcdef',
  ConversationSid: 'CH0123456789abcdef0123456789abcdef',
  MessageSid: 'IM0123456789abcdef0123456789abcdef',
  ParticipantSid: 'MB0123456789abcdef0123456789abcdef',
  Index: '3',
  Author: 'user_client',
  Body: 'Hello from London & co',
  Attributes: '{"chatwatch_key":"fallback:abc"}',
  DateCreated: '2026-11-30T10:00:00.123Z',
  Source: 'SDK',
  RetryCount: '0',
};

/** A delivery as Twilio sends it: form body, signature over the configured URL + sorted params (by the twilio lib). */
function delivery(
  params: Record<string, string>,
  options: { receivedAt?: string; token?: string; idem?: string } = {},
) {
  const signedUrl = `${WEBHOOK_URL}?conversation=project_1`;
  const signature = twilio.getExpectedTwilioSignature(options.token ?? AUTH_TOKEN, signedUrl, params);
  return {
    rawBody: new URLSearchParams(params).toString(),
    // Behind a proxy our server sees another origin; only the query string is taken from what arrived.
    url: options.receivedAt ?? 'http://10.0.0.7:3000/api/webhooks/chat?conversation=project_1',
    headers: new Headers({
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signature,
      ...(options.idem ? { 'i-twilio-idempotency-token': options.idem } : {}),
    }),
    signature,
    signedUrl,
  };
}

describe('Twilio webhook signature (signed by the twilio library)', () => {
  it('accepts what twilio.validateRequest accepts', async () => {
    const request = delivery(messageAdded);
    expect(twilio.validateRequest(AUTH_TOKEN, request.signature, request.signedUrl, messageAdded)).toBe(true);
    await expect(vendor.parseWebhook(request)).resolves.toHaveLength(1);
  });

  it('refuses a tampered parameter, as twilio.validateRequest does', async () => {
    const request = delivery(messageAdded);
    const tampered = { ...messageAdded, Body: 'Hello from Paris & co' };
    expect(twilio.validateRequest(AUTH_TOKEN, request.signature, request.signedUrl, tampered)).toBe(false);
    await expect(
      vendor.parseWebhook({ ...request, rawBody: new URLSearchParams(tampered).toString() }),
    ).rejects.toBeInstanceOf(WebhookSignatureError);
  });

  it('refuses a conversation swapped in the URL (the URL is signed), another token and a missing header', async () => {
    const request = delivery(messageAdded);
    await expect(
      vendor.parseWebhook({ ...request, url: request.url.replace('project_1', 'project_2') }),
    ).rejects.toBeInstanceOf(WebhookSignatureError);
    await expect(
      vendor.parseWebhook(delivery(messageAdded, { token: 'ffffffffffffffffffffffffffffffff' })),
    ).rejects.toBeInstanceOf(WebhookSignatureError);
    await expect(vendor.parseWebhook({ ...request, headers: new Headers() })).rejects.toThrow(
      /missing X-Twilio-Signature/,
    );
  });

  it('keys the event by I-Twilio-Idempotency-Token when sent, else by the body digest', async () => {
    const [a] = await vendor.parseWebhook(delivery(messageAdded, { idem: 'idem-1' }));
    const [b] = await vendor.parseWebhook(delivery(messageAdded));
    const [c] = await vendor.parseWebhook(delivery(messageAdded));
    expect(a!.eventId).toBe('idem-1');
    expect(b!.eventId).toMatch(/^twilio:[0-9a-f]{64}$/);
    expect(c!.eventId).toBe(b!.eventId);
  });
});

describe('Twilio event normalisation', () => {
  const parse = async (params: Record<string, string>) => (await vendor.parseWebhook(delivery(params)))[0]!;

  it('onMessageAdded → message.sent in our conversation (from the signed URL), key from Attributes', async () => {
    expect(await parse(messageAdded)).toMatchObject({
      type: 'onMessageAdded',
      kind: 'message.sent',
      occurredAt: new Date('2026-11-30T10:00:00.123Z'),
      message: {
        id: 'IM0123456789abcdef0123456789abcdef',
        conversationId: 'project_1',
        senderId: 'user_client',
        text: 'Hello from London & co',
        createdAt: new Date('2026-11-30T10:00:00.123Z'),
        idempotencyKey: 'fallback:abc',
      },
    });
  });

  it('onMessageUpdated → message.updated; onMessageRemoved → message.deleted', async () => {
    expect(
      await parse({
        ...messageAdded,
        EventType: 'onMessageUpdated',
        Body: 'Edited',
        DateUpdated: '2026-11-30T10:02:00Z',
      }),
    ).toMatchObject({
      kind: 'message.updated',
      occurredAt: new Date('2026-11-30T10:02:00Z'),
      message: { text: 'Edited' },
    });
    expect(
      await parse({ ...messageAdded, EventType: 'onMessageRemoved', DateRemoved: '2026-11-30T10:03:00Z' }),
    ).toMatchObject({
      kind: 'message.deleted',
      conversationId: 'project_1',
      messageId: 'IM0123456789abcdef0123456789abcdef',
    });
  });

  it('onParticipantUpdated with a read horizon → message.read by that identity', async () => {
    const read = await parse({
      EventType: 'onParticipantUpdated',
      ConversationSid: messageAdded.ConversationSid,
      ParticipantSid: messageAdded.ParticipantSid,
      Identity: 'user_designer',
      LastReadMessageIndex: '3',
      LastReadTimestamp: '2026-11-30T10:00:30.250Z',
      DateUpdated: '2026-11-30T10:01:00Z',
    });
    expect(read).toMatchObject({
      kind: 'message.read',
      readerId: 'user_designer',
      readAt: new Date('2026-11-30T10:01:00Z'),
      upTo: { at: new Date('2026-11-30T10:00:30.250Z') },
    });
    // Without LastReadTimestamp the horizon is an index we cannot place: no read-up-to (nothing guessed).
    const indexOnly = await parse({
      EventType: 'onParticipantUpdated',
      ConversationSid: messageAdded.ConversationSid,
      Identity: 'user_designer',
      LastReadMessageIndex: '3',
      DateUpdated: '2026-11-30T10:01:00Z',
    });
    expect(indexOnly).toMatchObject({ kind: 'message.read', messageIds: [] });
    expect(indexOnly).not.toHaveProperty('upTo');
  });

  it('an event type we do not act on is kept as unknown', async () => {
    expect(
      await parse({ EventType: 'onConversationStateUpdated', ConversationSid: 'CHx', StateTo: 'closed' }),
    ).toMatchObject({
      kind: 'unknown',
      type: 'onConversationStateUpdated',
    });
  });
});
