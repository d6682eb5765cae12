import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestVendorEvents } from '../../lib/messaging/ingest-vendor-events';
import type { VendorMessage } from '../../lib/chat-provider/types';
import { FakeVendor } from '../../test/support/fake-vendor';
import { drainJobs, makeConversation, messagingDatabase, sendgridStub } from '../../test/support/messaging';
import { createMonitorMetrics } from '../metrics';
import { runAttempt } from '../scheduler/attempt';
import { testConfig } from '../../test/support/monitor';
import { RECONCILED_EVENT_PREFIX } from '../../lib/messaging/backfill-messages';
import { CHECK_NAMES } from './index';
import { createReconciliationCheck } from './reconciliation';

// Reconciliation against the real ingestion statement and the worker's processing path (issue 5), with an
// in-memory vendor: it finds exactly the messages whose webhook never came, backfills them once, and their
// emails go out once.

const silent = pino({ level: 'silent' });
let env: Awaited<ReturnType<typeof messagingDatabase>>;
let mail: Awaited<ReturnType<typeof sendgridStub>>;

beforeAll(async () => {
  env = await messagingDatabase();
  mail = await sendgridStub();
});

function setup() {
  const vendor = new FakeVendor();
  const metrics = createMonitorMetrics(CHECK_NAMES);
  const check = createReconciliationCheck({
    config: testConfig(env.url),
    db: env.db,
    pool: env.pool,
    vendor,
    metrics,
    log: silent,
  });
  const run = (window: { since: Date; until: Date }) =>
    runAttempt(check, { runId: randomUUID(), log: silent, evidenceDir: async () => '/nonexistent', window });
  return { vendor, metrics, run };
}

async function deliverWebhooks(messages: VendorMessage[]) {
  await ingestVendorEvents(env.pool, {
    vendor: 'sandbox',
    events: messages.map((message) => ({
      kind: 'message.sent',
      eventId: `evt_${randomUUID()}`,
      type: 'message.sent',
      occurredAt: message.createdAt,
      message,
    })),
    rawBody: '{}',
    receivedAt: new Date(),
    source: 'WEBHOOK',
  });
}

describe('missing-webhook reconciliation', () => {
  it('finds exactly the messages whose webhook never arrived, backfills them once, and their emails go out once', async () => {
    const { vendor, metrics, run } = setup();
    const { client, vendorConversationId } = await makeConversation(env.db);
    const t0 = Date.now() - 60_000;
    for (let i = 0; i < 12; i++) {
      vendor.messages.push({
        id: `msg_${randomUUID()}`,
        conversationId: vendorConversationId,
        senderId: client.id,
        text: `message ${i}`,
        createdAt: new Date(t0 + i * 1000),
        idempotencyKey: null,
      });
    }
    const dropped = new Set([1, 4, 5, 9].map((i) => vendor.messages[i]!.id));
    await deliverWebhooks(vendor.messages.filter((m) => !dropped.has(m.id)));
    const window = { since: new Date(t0 - 1000), until: new Date(t0 + 30_000) };

    const first = await run(window);
    expect(first.status).toBe('FAILED');
    expect(first.failedComponent).toBe('webhooks');
    expect(first.error).toMatch(/^4 of 12 vendor message\(s\) .* never arrived as webhooks \(backfilled 4\)$/);
    expect(new Set(first.details.missingMessageIds as string[])).toEqual(dropped);
    expect(first.steps.map((s) => `${s.name}:${s.status}`)).toEqual([
      'list-vendor-messages:PASSED',
      'compare:PASSED',
      'backfill:PASSED',
      'verdict:FAILED',
    ]);
    const reconciled = await env.db.vendorEvent.findMany({ where: { source: 'RECONCILED' } });
    expect(reconciled.map((e) => e.vendorEventId).sort()).toEqual(
      [...dropped].map((id) => `${RECONCILED_EVENT_PREFIX}${id}`).sort(),
    );
    expect(
      reconciled.every(
        (e) => e.rawBody === null && e.type === 'message.sent' && e.vendorConversationId === vendorConversationId,
      ),
    ).toBe(true);
    expect(await metrics.registry.getSingleMetricAsString('vendor_webhooks_missing_total')).toContain(
      'vendor_webhooks_missing_total{detected_by="reconciliation"} 4',
    );
    expect(await metrics.registry.getSingleMetricAsString('vendor_webhooks_backfilled_total')).toContain(
      'vendor_webhooks_backfilled_total 4',
    );

    // The worker's path: every message recorded once, the backfilled ones marked as such, every email sent once.
    await drainJobs({ db: env.db, transport: mail.transport, now: new Date(Date.now() + 3_600_000) });
    const messages = await env.db.message.findMany({
      where: { vendorMessageId: { in: vendor.messages.map((m) => m.id) } },
      include: { emails: true },
    });
    expect(messages).toHaveLength(12);
    expect(
      messages
        .filter((m) => m.source === 'RECONCILED')
        .map((m) => m.vendorMessageId)
        .sort(),
    ).toEqual([...dropped].sort());
    for (const m of messages.filter((x) => dropped.has(x.vendorMessageId))) expect(m.emails).toHaveLength(1);
    // All 12 messages are the client's: the first one recorded is the designer's inquiry email, the other 11
    // coalesce into one unread-messages email. Each sent once.
    const emails = await env.db.email.findMany({
      where: { conversationId: messages[0]!.conversationId },
      include: { messages: true },
    });
    expect(emails.map((e) => [e.template, e.status, e.sendAttempts, e.messages.length]).sort()).toEqual([
      ['new-inquiry', 'SENT', 1, 1],
      ['unread-messages', 'SENT', 1, 11],
    ]);

    // A second pass over the same window finds nothing missing and stores nothing more.
    const second = await run(window);
    expect(second.status).toBe('PASSED');
    expect(second.details).toMatchObject({ vendorMessages: 12, missing: 0 });
    expect(await env.db.vendorEvent.count({ where: { source: 'RECONCILED' } })).toBe(4);
  });

  it('attributes missing webhooks to the resolved incident whose span contains them and then passes', async () => {
    const { vendor, run } = setup();
    const { client, vendorConversationId } = await makeConversation(env.db);
    const at = new Date(Date.now() - 120_000);
    vendor.messages.push({
      id: `msg_${randomUUID()}`,
      conversationId: vendorConversationId,
      senderId: client.id,
      text: 'lost during the outage',
      createdAt: at,
      idempotencyKey: null,
    });
    const incident = await env.db.incident.create({
      data: {
        component: 'webhooks',
        status: 'RESOLVED',
        title: 'Webhooks: lost',
        openedBy: 'chat-journey',
        startedAt: new Date(at.getTime() - 30_000),
        detectedAt: new Date(at.getTime() - 10_000),
        recoveredAt: new Date(at.getTime() + 30_000),
        resolvedAt: new Date(at.getTime() + 40_000),
      },
    });
    const result = await run({ since: new Date(at.getTime() - 1000), until: new Date(at.getTime() + 1000) });
    expect(result.status).toBe('PASSED');
    expect(result.details).toMatchObject({ missing: 1, backfilled: 1, explained: 1, unexplained: 0 });
    const after = await env.db.incident.findUniqueOrThrow({ where: { id: incident.id }, include: { updates: true } });
    expect(after.missingWebhooks).toBe(1);
    expect(after.updates.map((u) => u.message)).toEqual([
      expect.stringContaining('found 1 webhook(s) the vendor never delivered'),
    ]);
  });

  it('blames the vendor API when the message list cannot be read', async () => {
    const { vendor, run } = setup();
    vendor.fail('listMessages');
    const result = await run({ since: new Date(Date.now() - 60_000), until: new Date() });
    expect(result).toMatchObject({
      status: 'FAILED',
      failedComponent: 'vendor_api',
      failedStep: 'list-vendor-messages',
      error: 'vendor answered 503',
    });
  });
});
