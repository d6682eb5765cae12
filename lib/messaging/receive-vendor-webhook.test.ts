import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Webhook } from 'standardwebhooks';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  messageSentEvent,
  messagingDatabase,
  signedRequest,
  silent,
  testVendor,
  WEBHOOK_SECRET,
} from '../../test/support/messaging';
import { route } from '../http/route';
import { processVendorEventsJob } from './jobs/process-vendor-events';
import { receiveVendorWebhook, VENDOR_WEBHOOK_MAX_BYTES, type ReceiveDeps } from './receive-vendor-webhook';

// The webhook route's core against a real PostgreSQL and the real sandbox adapter (Standard Webhooks signatures).

let env: Awaited<ReturnType<typeof messagingDatabase>>;
const vendor = testVendor();

beforeAll(async () => {
  env = await messagingDatabase();
});

/** The route as Next.js runs it: lib/http's wrapper maps the domain errors to statuses. */
const post = (request: Request, deps: Partial<ReceiveDeps> = {}) =>
  route(
    'vendor-webhook',
    async (req, { log }) =>
      Response.json(
        await receiveVendorWebhook(req, { vendor, db: env.pool, log: silent, ...deps, ...(deps.log ? {} : { log }) }),
      ),
    // No app config in this file: an explicit request deadline instead of REQUEST_DEADLINE_MS.
    { deadlineMs: 60_000 },
  )(request, { params: Promise.resolve({}) });

const event = () =>
  messageSentEvent({ conversationId: 'conv-1', senderId: 'u-a', participants: ['u-a', 'u-b'], text: 'Hi' });

async function stored(vendorEventId: string) {
  const rows = await env.db.vendorEvent.findMany({ where: { vendorEventId } });
  const jobs = await env.db.$queryRaw<
    { payload: { eventIds: string[] } }[]
  >`SELECT j.payload FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id WHERE t.identifier = ${processVendorEventsJob.name}`;
  return { rows, jobs: jobs.filter((j) => rows.some((r) => j.payload.eventIds.includes(r.id))) };
}

describe('POST /api/webhooks/chat', () => {
  it('stores a valid event with its raw body and queues exactly one processing job, then answers 200', async () => {
    const e = event();
    const response = await post(signedRequest(e));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: 1, accepted: 1, duplicates: 0 });
    const { rows, jobs } = await stored(e.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      vendor: 'sandbox',
      type: 'message.sent',
      source: 'WEBHOOK',
      status: 'RECEIVED',
      vendorConversationId: 'conv-1',
      rawBody: JSON.stringify(e),
    });
    expect(rows[0]!.occurredAt.toISOString()).toBe(e.created_at);
    expect(rows[0]!.normalized).toMatchObject({ kind: 'message.sent', message: { id: e.data.message.id, text: 'Hi' } });
    expect(jobs).toHaveLength(1);
  });

  it('answers a redelivery 200 without storing or queueing it again', async () => {
    const e = event();
    expect((await post(signedRequest(e))).status).toBe(200);
    const again = await post(signedRequest(e, { sentAt: new Date(Date.now() + 30_000) }));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ received: 1, accepted: 0, duplicates: 1 });
    const { rows, jobs } = await stored(e.id);
    expect(rows).toHaveLength(1);
    expect(jobs).toHaveLength(1);
  });

  it('deduplicates on the webhook-id header: the same webhook-id with another body id is stored once', async () => {
    const e = event();
    expect((await post(signedRequest(e))).status).toBe(200);
    const again = await post(signedRequest({ ...e, id: `${e.id}_resent` }, { webhookId: e.id }));
    expect(await again.json()).toEqual({ received: 1, accepted: 0, duplicates: 1 });
    expect(await env.db.vendorEvent.count({ where: { vendorEventId: e.id } })).toBe(1);
    expect(await env.db.vendorEvent.count({ where: { vendorEventId: `${e.id}_resent` } })).toBe(0);
  });

  it('stores concurrent deliveries of one event exactly once', async () => {
    const e = event();
    const responses = await Promise.all(Array.from({ length: 8 }, () => post(signedRequest(e))));
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(200));
    const bodies = await Promise.all(responses.map((r) => r.json() as Promise<{ accepted: number }>));
    expect(bodies.reduce((sum, b) => sum + b.accepted, 0)).toBe(1);
    const { rows, jobs } = await stored(e.id);
    expect([rows.length, jobs.length]).toEqual([1, 1]);
  });

  it('refuses a tampered body with 401 and stores nothing', async () => {
    const e = event();
    const tampered = JSON.stringify({
      ...e,
      data: { ...e.data, message: { ...e.data.message, text: 'Send me your password' } },
    });
    const response = await post(signedRequest(e, { body: tampered }));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_signature' } });
    expect((await stored(e.id)).rows).toHaveLength(0);
  });

  it('refuses a signature made with another secret with 401', async () => {
    const e = event();
    const response = await post(
      signedRequest(e, { secret: `whsec_${Buffer.from('another-secret-of-enough-bytes!!').toString('base64')}` }),
    );
    expect(response.status).toBe(401);
    expect((await stored(e.id)).rows).toHaveLength(0);
  });

  it.each([
    ['6 minutes old', -6 * 60_000],
    ['6 minutes in the future', 6 * 60_000],
  ])('refuses a correctly signed delivery %s (replay protection) with 401', async (_label, skewMs) => {
    const e = event();
    const response = await post(signedRequest(e, { sentAt: new Date(Date.now() + skewMs) }));
    expect(response.status).toBe(401);
    expect((await stored(e.id)).rows).toHaveLength(0);
  });

  it('accepts a delivery signed 4 minutes ago (inside the window)', async () => {
    const e = event();
    expect((await post(signedRequest(e, { sentAt: new Date(Date.now() - 4 * 60_000) }))).status).toBe(200);
  });

  it('refuses missing signature headers with 401', async () => {
    const response = await post(
      new Request('http://app.test/api/webhooks/chat', { method: 'POST', body: JSON.stringify(event()) }),
    );
    expect(response.status).toBe(401);
  });

  it('answers 400 with a JSON error for a signed body that is not JSON, or not the vendor’s shape', async () => {
    const now = new Date();
    const raw = '{"id": "evt_x", "type": ';
    const headers = {
      'webhook-id': 'evt_x',
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': new Webhook(WEBHOOK_SECRET).sign('evt_x', now, raw),
    };
    const broken = await post(new Request('http://app.test/api/webhooks/chat', { method: 'POST', headers, body: raw }));
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({
      error: { code: 'invalid_payload', message: expect.stringMatching(/not JSON/) },
    });

    const e = event();
    const wrongShape = { ...e, data: { message: { ...e.data.message, senderId: 42 } } };
    const response = await post(signedRequest(wrongShape));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { code: 'invalid_payload', message: expect.stringMatching(/senderId/) },
    });
    expect((await stored(e.id)).rows).toHaveLength(0);
  });

  it('stores and acknowledges an unknown event type, without a processing job (forward compatible)', async () => {
    const e = {
      id: `evt_unknown_${Date.now()}`,
      type: 'conversation.archived',
      created_at: new Date().toISOString(),
      data: { conversationId: 'conv-1' },
    };
    const response = await post(signedRequest(e));
    expect(response.status).toBe(200);
    const { rows, jobs } = await stored(e.id);
    expect(rows[0]).toMatchObject({ type: 'conversation.archived', status: 'IGNORED' });
    expect(jobs).toHaveLength(0);
  });

  it('answers 413 for a body over 256 KB, by Content-Length or while streaming, and stores nothing', async () => {
    const e = messageSentEvent({
      conversationId: 'conv-1',
      senderId: 'u-a',
      participants: ['u-a'],
      text: 'x'.repeat(VENDOR_WEBHOOK_MAX_BYTES),
    });
    const declared = await post(signedRequest(e));
    expect(declared.status).toBe(413);
    const streamed = signedRequest(e);
    const chunked = new Request(streamed.url, {
      method: 'POST',
      headers: [...streamed.headers.entries()].filter(([name]) => name !== 'content-length'),
      body: new Blob([JSON.stringify(e)]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect((await post(chunked)).status).toBe(413);
    expect((await stored(e.id)).rows).toHaveLength(0);
  });

  it('hostile input: a correctly signed event whose id is 7,500 random bytes, or holds NUL or control characters, is a 400 and nothing is stored', async () => {
    const hostile = [
      { ...event(), id: randomBytes(7500).toString('base64') },
      { ...event(), id: 'evt_\u0000nul' },
      { ...event(), id: 'evt_\u001b[31mred' },
    ];
    const textNul = event();
    textNul.data.message.text = 'hi\u0000there';
    const participantNul = event();
    participantNul.data.conversation.participants = ['u-a', 'u-\u0000b'];
    const before = await env.db.vendorEvent.count();
    for (const e of [...hostile, textNul, participantNul]) {
      // The delivery id header is the sender's own (a header cannot carry NUL); the hostile id is in the body.
      const json = JSON.stringify(e);
      const sentAt = new Date();
      const headers = {
        'content-type': 'application/json',
        'webhook-id': 'msg_hostile',
        'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
        'webhook-signature': new Webhook(WEBHOOK_SECRET).sign('msg_hostile', sentAt, json),
      };
      const response = await post(
        new Request('http://app.test/api/webhooks/vendor', { method: 'POST', headers, body: json }),
      );
      expect(response.status, JSON.stringify(e.id.slice(0, 20))).toBe(400);
    }
    expect(await env.db.vendorEvent.count()).toBe(before);
  });

  it('answers 503 when PostgreSQL is unreachable, so the vendor retries', async () => {
    const down = new pg.Pool({
      connectionString: 'postgresql://nobody:x@127.0.0.1:9/none',
      connectionTimeoutMillis: 1000,
    });
    down.on('error', () => undefined);
    const e = event();
    const response = await post(signedRequest(e), { db: down });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { code: 'unavailable' }, requestId: expect.any(String) });
    await down.end();
    // Once the database is back the retried delivery is stored once.
    expect((await post(signedRequest(e))).status).toBe(200);
    expect((await stored(e.id)).rows).toHaveLength(1);
  });

  it('leaves nothing half-written when the job cannot be queued (event and job are one statement)', async () => {
    // Make add_job fail: the event insert in the same statement must roll back with it.
    await env.pool.query(
      'ALTER TABLE graphile_worker._private_jobs ADD CONSTRAINT test_refuse_jobs CHECK (false) NOT VALID',
    );
    try {
      const e = event();
      const response = await post(signedRequest(e));
      expect(response.status).toBe(500);
      expect(await response.json()).toMatchObject({ error: { code: 'internal' }, requestId: expect.any(String) });
      expect((await stored(e.id)).rows).toHaveLength(0);
    } finally {
      await env.pool.query('ALTER TABLE graphile_worker._private_jobs DROP CONSTRAINT test_refuse_jobs');
    }
  });
});
