import { createHmac } from 'node:crypto';
import { StreamChat } from 'stream-chat';
import twilio from 'twilio';
import { beforeAll, describe, expect, it } from 'vitest';
import { messagingDatabase, silent } from '../../test/support/messaging';
import { createChatProvider } from '../chat-provider';
import type { ChatProvider } from '../chat-provider/types';
import { route } from '../http/route';
import { receiveVendorWebhook } from './receive-vendor-webhook';

// The webhook route's core (real PostgreSQL) with the Twilio and Stream adapters: Twilio posts form-encoded bodies
// signed over the public URL (signed here by the twilio library itself), Stream retries with the same X-Webhook-Id.

let env: Awaited<ReturnType<typeof messagingDatabase>>;
beforeAll(async () => {
  env = await messagingDatabase();
});

const post = (vendor: ChatProvider, request: Request) =>
  route(
    'vendor-webhook',
    async (req) => Response.json(await receiveVendorWebhook(req, { vendor, db: env.pool, log: silent })),
    // No app config in this file: an explicit request deadline instead of REQUEST_DEADLINE_MS.
    { deadlineMs: 60_000 },
  )(request, { params: Promise.resolve({}) });

const AUTH_TOKEN = 'fedcba9876543210fedcba9876543210';
const PUBLIC_URL = 'https://market.example/api/webhooks/chat';
const twilioVendor = createChatProvider('twilio', {
  appId: 'AC0123456789abcdef0123456789abcdef',
  apiUrl: 'http://127.0.0.1:1',
  embedUrl: 'https://market.example/api/chat-host/twilio/c',
  apiSecret: AUTH_TOKEN,
  webhookSecret: AUTH_TOKEN,
  webhookUrl: PUBLIC_URL,
});

function twilioDelivery(params: Record<string, string>, token: string) {
  const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}?conversation=project_tw`, params);
  // As it reaches the app server behind a proxy: another origin, same path and query.
  return new Request('http://127.0.0.1:3000/api/webhooks/chat?conversation=project_tw', {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      'x-twilio-signature': signature,
      'i-twilio-idempotency-token': token,
    },
    body: new URLSearchParams(params).toString(),
  });
}

describe('POST /api/webhooks/chat with CHAT_VENDOR=twilio (form-encoded)', () => {
  const params = (sid: string) => ({
    EventType: 'onMessageAdded',
    ConversationSid: 'CH0123456789abcdef0123456789abcdef',
    MessageSid: sid,
    Author: 'user_client',
    Body: 'Hi from a form',
    Attributes: '{}',
    DateCreated: new Date().toISOString(),
  });

  it('accepts a signed form body, stores it once, and answers a retry with the same idempotency token as a duplicate', async () => {
    const sid = `IM${Date.now()}a`;
    const first = await post(twilioVendor, twilioDelivery(params(sid), `tok-${sid}`));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: 1, accepted: 1, duplicates: 0 });
    const retry = await post(twilioVendor, twilioDelivery(params(sid), `tok-${sid}`));
    expect(await retry.json()).toEqual({ received: 1, accepted: 0, duplicates: 1 });
    const rows = await env.db.vendorEvent.findMany({ where: { vendor: 'twilio', vendorEventId: `tok-${sid}` } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: 'onMessageAdded', vendorConversationId: 'project_tw' });
  });

  it('refuses a tampered form body with 401 and stores nothing', async () => {
    const sid = `IM${Date.now()}b`;
    const request = twilioDelivery(params(sid), `tok-${sid}`);
    const tampered = new Request(request.url, {
      method: 'POST',
      headers: request.headers,
      body: (await request.text()).replace('Hi+from', 'Bye+from'),
    });
    expect((await post(twilioVendor, tampered)).status).toBe(401);
    expect(await env.db.vendorEvent.count({ where: { vendor: 'twilio', vendorEventId: `tok-${sid}` } })).toBe(0);
  });
});

describe('POST /api/webhooks/chat with CHAT_VENDOR=stream', () => {
  const SECRET = 'strm_secret_route_0123456789abcdef';
  const vendor = createChatProvider('stream', {
    appId: 'strm_key',
    apiUrl: 'http://127.0.0.1:1',
    embedUrl: 'https://market.example/api/chat-host/stream/c',
    apiSecret: SECRET,
    webhookSecret: SECRET,
  });

  it('stores a delivery once across retries (X-Webhook-Id), checked by stream-chat verifyWebhook', async () => {
    const webhookId = `wh-${Date.now()}`;
    const body = JSON.stringify({
      type: 'message.new',
      cid: 'messaging:project_st',
      message: { id: `m-${webhookId}`, text: 'hi', user: { id: 'u1' }, created_at: new Date().toISOString() },
      created_at: new Date().toISOString(),
    });
    const signature = createHmac('sha256', SECRET).update(body).digest('hex');
    expect(new StreamChat('strm_key', SECRET).verifyWebhook(body, signature)).toBe(true);
    const delivery = (attempt: number) =>
      new Request('http://127.0.0.1:3000/api/webhooks/chat', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-signature': signature,
          'x-webhook-id': webhookId,
          'x-webhook-attempt': String(attempt),
        },
        body,
      });
    expect(await (await post(vendor, delivery(1))).json()).toEqual({ received: 1, accepted: 1, duplicates: 0 });
    expect(await (await post(vendor, delivery(2))).json()).toEqual({ received: 1, accepted: 0, duplicates: 1 });
    expect(await env.db.vendorEvent.count({ where: { vendor: 'stream', vendorEventId: webhookId } })).toBe(1);
  });
});
