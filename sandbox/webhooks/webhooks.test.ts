import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/db';
import {
  identityToken,
  seedConversation,
  startReceiver,
  startSandbox,
  OUTCOME_WAIT_MS,
  waitFor,
  WEBHOOK_SECRET,
  type Receiver,
  type Running,
} from '../test/harness';

let run: Running;
let receiver: Receiver;

beforeAll(async () => {
  const databaseUrl = await createTestDatabase();
  receiver = await startReceiver();
  run = await startSandbox(databaseUrl, { APP_WEBHOOK_URL: `${receiver.url}/api/webhooks/chat` });
});

afterAll(async () => {
  await run?.sandbox.stop();
  await receiver?.close();
});

beforeEach(() => {
  receiver.respond = () => 204;
});

const events = (conversationId: string) =>
  receiver.requests
    .map((r) => ({
      ...r,
      event: JSON.parse(r.body) as { id: string; type: string; timestamp: string; created_at: string; data: any },
    }))
    .filter((r) => r.event.data.conversation?.id === conversationId || r.event.data.conversationId === conversationId);

const deliveries = async (query: string) =>
  (await run.call('GET', `/admin/api/deliveries?${query}`)).json.data as any[];

describe('vendor webhooks', () => {
  it('sends conversation.created, message.sent and message.read, each verifiable with standardwebhooks', async () => {
    const { users } = await seedConversation(run, 'wh-1');
    const sent = await run.api('POST', '/conversations/wh-1/messages', {
      senderId: users[0],
      text: 'ping',
      idempotencyKey: 'wh-1-a',
    });
    await run.api('POST', '/conversations/wh-1/messages', {
      senderId: users[0],
      text: 'ping',
      idempotencyKey: 'wh-1-a',
    });
    await run.api('PUT', '/conversations/wh-1', { participants: users });
    const messageId = sent.json.message.id as string;
    // The recipient reads it in the embed; reading it again changes nothing.
    for (let i = 0; i < 2; i++) {
      const read = await fetch(`${run.url}/embed/api/wh-1/read`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await identityToken(users[1])}`, 'content-type': 'application/json' },
        body: JSON.stringify({ messageIds: [messageId] }),
      });
      expect((await read.json()).messageIds).toEqual(i === 0 ? [messageId] : []);
    }

    const got = await waitFor(
      () => (events('wh-1').length >= 3 ? events('wh-1') : undefined),
      OUTCOME_WAIT_MS,
      'three webhooks',
    );
    const verifier = new Webhook(WEBHOOK_SECRET);
    for (const r of got) {
      expect(r.path).toBe('/api/webhooks/chat');
      expect(r.headers['content-type']).toBe('application/json');
      const verified = verifier.verify(r.body, r.headers as Record<string, string>) as { id: string };
      expect(r.headers['webhook-id']).toBe(verified.id);
      expect(() =>
        new Webhook(`whsec_${Buffer.from('another secret, 32 bytes long!!').toString('base64')}`).verify(
          r.body,
          r.headers as Record<string, string>,
        ),
      ).toThrow();
    }
    expect(got.map((r) => r.event.type)).toEqual(['conversation.created', 'message.sent', 'message.read']);
    expect(got[0]!.event.data).toEqual({
      conversation: { id: 'wh-1', participants: users, subject: 'Conversation wh-1' },
    });
    // The spec's payload shape (type, timestamp, data), with the vendor's id and created_at as extras.
    expect(Object.keys(got[1]!.event).slice(0, 3)).toEqual(['type', 'timestamp', 'data']);
    expect(got[1]!.event).toMatchObject({
      id: expect.stringMatching(/^evt_/),
      type: 'message.sent',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      created_at: expect.any(String),
      data: { message: sent.json.message, conversation: { id: 'wh-1', participants: users } },
    });
    expect(got[2]!.event.data).toEqual({
      conversationId: 'wh-1',
      readerId: users[1],
      messageIds: [messageId],
      readAt: expect.any(String),
    });
    const listed = await run.api('GET', '/conversations/wh-1/messages');
    expect(listed.json.data[0].readBy).toEqual([users[1]]);
    // Nothing for the deduplicated send, the repeat PUT or the repeat read: once a later message's webhook has
    // come, those three are still all there is besides it.
    const marker = await run.api('POST', '/conversations/wh-1/messages', {
      senderId: users[0],
      text: 'marker',
      idempotencyKey: 'wh-1-marker',
    });
    await waitFor(
      () => events('wh-1').some((r) => r.event.data.message?.id === marker.json.message.id),
      OUTCOME_WAIT_MS,
      'the marker webhook',
    );
    expect(events('wh-1').map((r) => r.event.type)).toEqual([
      'conversation.created',
      'message.sent',
      'message.read',
      'message.sent',
    ]);
  });

  it('retries after a 500 (fast schedule) and logs both attempts', async () => {
    const { users } = await seedConversation(run, 'wh-retry');
    let failedOnce = false;
    receiver.respond = (req) => {
      if (!failedOnce && req.body.includes('"message.sent"') && req.body.includes('wh-retry')) {
        failedOnce = true;
        return 500;
      }
      return 200;
    };
    const sent = await run.api('POST', '/conversations/wh-retry/messages', { senderId: users[1], text: 'retry me' });
    const messageId = sent.json.message.id as string;
    const delivery = await waitFor(
      async () =>
        (await deliveries('eventType=message.sent')).find((d) => d.messageId === messageId && d.status === 'delivered'),
      OUTCOME_WAIT_MS,
      'a delivered message.sent',
    );
    expect(delivery.attempts).toHaveLength(2);
    expect(delivery.attempts[0]).toMatchObject({ attempt: 1, statusCode: 500, ok: false, error: 'HTTP 500' });
    expect(delivery.attempts[1]).toMatchObject({ attempt: 2, statusCode: 200, ok: true, error: null });
    const gap = Date.parse(delivery.attempts[1].startedAt) - Date.parse(delivery.attempts[0].startedAt);
    expect(gap).toBeGreaterThanOrEqual(200);
    const received = events('wh-retry').filter((r) => r.event.type === 'message.sent');
    expect(received).toHaveLength(2);
    expect(received[0]!.headers['webhook-id']).toBe(received[1]!.headers['webhook-id']);
    expect(received[0]!.body).toBe(received[1]!.body);
  });

  it('marks an event failed after the fast schedule runs out', async () => {
    const { users } = await seedConversation(run, 'wh-fail');
    receiver.respond = (req) => (req.body.includes('wh-fail') ? 503 : 204);
    const sent = await run.api('POST', '/conversations/wh-fail/messages', { senderId: users[0], text: 'doomed' });
    const delivery = await waitFor(
      async () => (await deliveries('status=failed')).find((d) => d.messageId === sent.json.message.id),
      OUTCOME_WAIT_MS,
      'a failed delivery',
    );
    expect(delivery.attempts.map((a: any) => a.statusCode)).toEqual([503, 503, 503, 503, 503, 503]);
    expect(delivery.attemptCount).toBe(6);
  }, 20_000);

  it('filters the delivery log and serves it as HTML', async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    const all = await deliveries(`since=${encodeURIComponent(since)}`);
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((d) => d.target === 'vendor' && typeof d.dropped === 'boolean')).toBe(true);
    const created = await deliveries('eventType=conversation.created');
    expect(created.every((d) => d.type === 'conversation.created' && d.messageId === null)).toBe(true);
    const bad = await run.call('GET', '/admin/api/deliveries?status=bogus');
    expect(bad.status).toBe(400);
    const page = await fetch(`${run.url}/admin/deliveries`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('message.sent');
  });
});
