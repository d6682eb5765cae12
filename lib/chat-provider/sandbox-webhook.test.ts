import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { WebhookPayloadError, WebhookSignatureError } from './errors';
import { createSandboxProvider } from './sandbox';

const webhookSecret = `whsec_${randomBytes(24).toString('base64')}`;
const vendor = createSandboxProvider({
  appId: 'chatwatch-test',
  apiUrl: 'http://127.0.0.1:1',
  embedUrl: 'http://127.0.0.1:1',
  apiSecret: 'sk_sandbox_test_secret_0123456789',
  webhookSecret,
});

const message = {
  id: 'msg_1',
  conversationId: 'conv_1',
  senderId: 'user_client',
  text: 'Hello',
  createdAt: '2025-01-02T03:04:05.000Z',
  idempotencyKey: null,
  readBy: [],
};
const sentEvent = {
  id: 'evt_1',
  type: 'message.sent',
  created_at: '2025-01-02T03:04:05.500Z',
  data: { message, conversation: { id: 'conv_1', participants: ['user_client', 'user_designer'] } },
};

/** Signs the way the sandbox does: with the standardwebhooks library itself. */
function signed(body: string, options: { secret?: string; at?: Date; id?: string } = {}) {
  const at = options.at ?? new Date();
  const id = options.id ?? 'msg_delivery_1';
  const signature = new Webhook(options.secret ?? webhookSecret).sign(id, at, body);
  const headers = new Headers({
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signature,
  });
  return { rawBody: body, headers };
}

const minutes = (n: number) => new Date(Date.now() + n * 60_000);

describe('sandbox webhook verification', () => {
  it('accepts a delivery signed by standardwebhooks and normalizes message.sent', async () => {
    const [event] = await vendor.parseWebhook(signed(JSON.stringify(sentEvent)));
    expect(event).toEqual({
      eventId: 'msg_delivery_1',
      bodyId: 'evt_1',
      type: 'message.sent',
      kind: 'message.sent',
      occurredAt: new Date('2025-01-02T03:04:05.500Z'),
      message: {
        id: 'msg_1',
        conversationId: 'conv_1',
        senderId: 'user_client',
        text: 'Hello',
        createdAt: new Date(message.createdAt),
        idempotencyKey: null,
      },
    });
  });

  it('rejects a tampered body', async () => {
    const request = signed(JSON.stringify(sentEvent));
    const tampered = { ...request, rawBody: request.rawBody.replace('Hello', 'Hullo') };
    await expect(vendor.parseWebhook(tampered)).rejects.toBeInstanceOf(WebhookSignatureError);
  });

  it('rejects a delivery signed with another secret', async () => {
    const other = `whsec_${randomBytes(24).toString('base64')}`;
    await expect(vendor.parseWebhook(signed(JSON.stringify(sentEvent), { secret: other }))).rejects.toBeInstanceOf(
      WebhookSignatureError,
    );
  });

  it('enforces the ±5 minute window, in both directions', async () => {
    const body = JSON.stringify(sentEvent);
    await expect(vendor.parseWebhook(signed(body, { at: minutes(-6) }))).rejects.toBeInstanceOf(WebhookSignatureError);
    await expect(vendor.parseWebhook(signed(body, { at: minutes(6) }))).rejects.toBeInstanceOf(WebhookSignatureError);
    await expect(vendor.parseWebhook(signed(body, { at: minutes(-4) }))).resolves.toHaveLength(1);
  });

  it('relies on the library for the window too: it rejects a stale delivery even when our own clock check is satisfied', async () => {
    const at = minutes(-6);
    const request = { ...signed(JSON.stringify(sentEvent), { at }), now: at };
    await expect(vendor.parseWebhook(request)).rejects.toThrow(/Message timestamp too old/);
  });

  it('checks the window against request.now when given', async () => {
    const request = { ...signed(JSON.stringify(sentEvent)), now: minutes(10) };
    await expect(vendor.parseWebhook(request)).rejects.toThrow(/away from now/);
  });

  it('rejects missing signature headers', async () => {
    const request = signed(JSON.stringify(sentEvent));
    request.headers.delete('webhook-signature');
    await expect(vendor.parseWebhook(request)).rejects.toThrow(/missing webhook-signature/);
  });

  it('treats a correctly signed body that is not JSON as a payload error', async () => {
    await expect(vendor.parseWebhook(signed('{"id": "evt_1",'))).rejects.toBeInstanceOf(WebhookPayloadError);
  });

  it('treats a known type with the wrong data shape as a payload error naming the field', async () => {
    const body = JSON.stringify({ ...sentEvent, data: { conversation: sentEvent.data.conversation } });
    await expect(vendor.parseWebhook(signed(body))).rejects.toThrow(/message/);
    await expect(vendor.parseWebhook(signed(body))).rejects.toBeInstanceOf(WebhookPayloadError);
  });

  it('keeps unknown types as kind "unknown", including names found on Object.prototype', async () => {
    for (const type of ['user.updated', 'constructor', '__proto__']) {
      const [event] = await vendor.parseWebhook(
        signed(JSON.stringify({ ...sentEvent, type, data: { anything: true } })),
      );
      expect(event).toMatchObject({ kind: 'unknown', type, eventId: 'msg_delivery_1', bodyId: 'evt_1' });
    }
  });

  it('normalizes message.read and conversation.created', async () => {
    const read = {
      id: 'evt_2',
      type: 'message.read',
      created_at: '2025-01-02T03:05:00Z',
      data: {
        conversationId: 'conv_1',
        readerId: 'user_designer',
        messageIds: ['msg_1', 'msg_2'],
        readAt: '2025-01-02T03:04:59Z',
      },
    };
    const [readEvent] = await vendor.parseWebhook(signed(JSON.stringify(read)));
    expect(readEvent).toMatchObject({
      kind: 'message.read',
      conversationId: 'conv_1',
      readerId: 'user_designer',
      messageIds: ['msg_1', 'msg_2'],
      readAt: new Date('2025-01-02T03:04:59Z'),
    });

    const created = {
      id: 'evt_3',
      type: 'conversation.created',
      created_at: '2025-01-02T03:00:00Z',
      data: { conversation: { id: 'conv_1', participants: ['a', 'b'], subject: 'Kitchen' } },
    };
    const [createdEvent] = await vendor.parseWebhook(signed(JSON.stringify(created)));
    expect(createdEvent).toMatchObject({
      kind: 'conversation.created',
      conversationId: 'conv_1',
      participantIds: ['a', 'b'],
    });
  });
});

// Bodies in the spec's own shapes (standard-webhooks/standard-webhooks spec/standard-webhooks.md › Payload
// structure), signed by the official library's Webhook.sign, exactly as a conforming sender sends them.
describe('Standard Webhooks envelope', () => {
  it('accepts the spec’s payload shape {type, timestamp, data} for a type we do not process', async () => {
    const at = new Date();
    const [event] = await vendor.parseWebhook(
      signed('{"type":"unknown.x","timestamp":"2026-11-30T00:00:00Z","data":{}}', { id: 'msg_spec_1', at }),
    );
    expect(event).toEqual({
      eventId: 'msg_spec_1',
      type: 'unknown.x',
      kind: 'unknown',
      occurredAt: new Date('2026-11-30T00:00:00Z'),
    });
  });

  it('accepts a body with neither timestamp nor created_at: the signed delivery time stands in', async () => {
    const at = new Date(Math.floor(Date.now() / 1000) * 1000);
    const [event] = await vendor.parseWebhook(
      signed('{"id":"evt_1","type":"unknown.x","data":{}}', { id: 'msg_spec_2', at }),
    );
    expect(event).toEqual({
      eventId: 'msg_spec_2',
      bodyId: 'evt_1',
      type: 'unknown.x',
      kind: 'unknown',
      occurredAt: at,
    });
  });

  it('takes the spec’s timestamp over the vendor’s created_at and processes a known type in the spec’s shape', async () => {
    const { id: _id, created_at: _created, ...rest } = sentEvent;
    const [event] = await vendor.parseWebhook(
      signed(JSON.stringify({ ...rest, timestamp: '2025-01-02T03:04:06Z', created_at: '2025-01-02T03:04:05.500Z' })),
    );
    expect(event).toMatchObject({
      kind: 'message.sent',
      eventId: 'msg_delivery_1',
      occurredAt: new Date('2025-01-02T03:04:06Z'),
    });
    expect(event).not.toHaveProperty('bodyId');
  });

  it('keys the event by the webhook-id header: the same webhook-id re-signed with another body id is the same event', async () => {
    const [first] = await vendor.parseWebhook(signed(JSON.stringify(sentEvent), { id: 'msg_same' }));
    const [second] = await vendor.parseWebhook(
      signed(JSON.stringify({ ...sentEvent, id: 'evt_other' }), { id: 'msg_same' }),
    );
    expect([first!.eventId, second!.eventId]).toEqual(['msg_same', 'msg_same']);
    expect([first!.bodyId, second!.bodyId]).toEqual(['evt_1', 'evt_other']);
  });

  it('refuses a webhook-id that cannot be a stored key (too long, spaces or control characters)', async () => {
    await expect(
      vendor.parseWebhook(signed(JSON.stringify(sentEvent), { id: 'x'.repeat(201) })),
    ).rejects.toBeInstanceOf(WebhookSignatureError);
    await expect(vendor.parseWebhook(signed(JSON.stringify(sentEvent), { id: 'msg id' }))).rejects.toBeInstanceOf(
      WebhookSignatureError,
    );
  });

  it('still requires type, and data of the right shape for types we process', async () => {
    await expect(vendor.parseWebhook(signed('{"timestamp":"2026-11-30T00:00:00Z","data":{}}'))).rejects.toThrow(/type/);
    await expect(
      vendor.parseWebhook(signed('{"type":"message.sent","timestamp":"2026-11-30T00:00:00Z","data":{}}')),
    ).rejects.toBeInstanceOf(WebhookPayloadError);
  });
});
