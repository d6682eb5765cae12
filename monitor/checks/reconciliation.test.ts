import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestVendorEvents } from '../../lib/messaging/ingest-vendor-events';
import type { VendorMessage } from '../../lib/chat-provider/types';
import { makeConversation, messagingDatabase, sendgridStub } from '../../test/support/messaging';
import { startSandboxVendor, type SandboxVendor } from '../../test/support/sandbox-vendor';
import { startTestWorker, stopTestWorker, waitForRecord } from '../../test/support/worker';
import { createMonitorMetrics } from '../metrics';
import { runAttempt } from '../scheduler/attempt';
import { testConfig } from '../../test/support/monitor';
import { RECONCILED_EVENT_PREFIX } from '../../lib/messaging/backfill-messages';
import { CHECK_NAMES } from './index';
import { createReconciliationCheck } from './reconciliation';

// Reconciliation against the sandbox vendor over HTTP (its message list, its paging, its faults), the real
// ingestion statement and the real worker: it finds exactly the messages whose webhook never came, backfills them
// once, and their emails go out once. The sandbox posts its webhooks to a recorder; the test delivers the ones it
// chooses to our ingestion, so "dropped" is exact.

const silent = pino({ level: 'silent' });
let env: Awaited<ReturnType<typeof messagingDatabase>>;
let mail: Awaited<ReturnType<typeof sendgridStub>>;
let sandbox: SandboxVendor;

beforeAll(async () => {
  env = await messagingDatabase();
  mail = await sendgridStub();
  sandbox = await startSandboxVendor();
});

function setup() {
  const metrics = createMonitorMetrics(CHECK_NAMES);
  const check = createReconciliationCheck({
    config: testConfig(env.url),
    db: env.db,
    pool: env.pool,
    vendor: sandbox.vendor,
    metrics,
    log: silent,
  });
  const run = (window: { since: Date; until: Date }) =>
    runAttempt(check, { runId: randomUUID(), log: silent, evidenceDir: async () => '/nonexistent', window });
  return { metrics, run };
}

/** A conversation of ours and the vendor's (same id), and `texts` sent in it by the client through the vendor's REST API. */
async function vendorConversation(texts: string[]) {
  const made = await makeConversation(env.db);
  const { client, designer, project, vendorConversationId } = made;
  for (const user of [client, designer])
    await sandbox.vendor.ensureUser({ id: user.id, name: user.name, email: user.email, role: user.role });
  await sandbox.vendor.ensureConversation({
    conversationId: vendorConversationId,
    participantIds: [client.id, designer.id],
    subject: project.title,
  });
  // Ten at a time: hundreds of sends one by one take long on a busy machine; the order among them is not tested.
  const messages: VendorMessage[] = [];
  for (let i = 0; i < texts.length; i += 10)
    messages.push(
      ...(await Promise.all(
        texts.slice(i, i + 10).map((text) =>
          sandbox.vendor.sendMessage({
            conversationId: vendorConversationId,
            senderId: client.id,
            text,
            idempotencyKey: randomUUID(),
          }),
        ),
      )),
    );
  return { ...made, messages };
}

/** A window around `messages` (the vendor's clock), a second either side. */
const around = (messages: VendorMessage[]) => ({
  since: new Date(Math.min(...messages.map((m) => m.createdAt.getTime())) - 1000),
  until: new Date(Math.max(...messages.map((m) => m.createdAt.getTime())) + 1000),
});

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
    const { metrics, run } = setup();
    const { vendorConversationId, messages: sent } = await vendorConversation(
      Array.from({ length: 12 }, (_, i) => `message ${i}`),
    );
    const dropped = new Set([1, 4, 5, 9].map((i) => sent[i]!.id));
    await deliverWebhooks(sent.filter((m) => !dropped.has(m.id)));
    const window = around(sent);

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

    // The real worker's path: every message recorded once, the backfilled ones marked as such. Sends are held
    // back until all 12 are processed (a second worker runs them), so which email each message joins does not
    // depend on how fast this machine is.
    const workerEnv = { UNREAD_EMAIL_DELAY_SECONDS: '0', SENDGRID_API_URL: mail.stub.url };
    const processing = await startTestWorker({ url: env.url, env: workerEnv, tasks: ['process-vendor-events'] });
    await waitForRecord('all 12 vendor events processed', async () => {
      const open = await env.db.vendorEvent.count({
        where: { vendorConversationId, status: { not: 'PROCESSED' } },
      });
      return open === 0 && (await env.db.vendorEvent.count({ where: { vendorConversationId } })) === 12;
    });
    await stopTestWorker(processing);
    const messages = await env.db.message.findMany({
      where: { vendorMessageId: { in: sent.map((m) => m.id) } },
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
    const sending = await startTestWorker({ url: env.url, env: workerEnv, tasks: ['send-email'] });
    const emails = await waitForRecord('both emails settled', async () => {
      const rows = await env.db.email.findMany({
        where: { conversationId: messages[0]!.conversationId },
        include: { messages: true },
      });
      return rows.length === 2 && rows.every((e) => !['QUEUED', 'SENDING'].includes(e.status)) && rows;
    });
    await stopTestWorker(sending);
    expect(mail.stub.requests).toHaveLength(2);
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

  it('reads every page of the vendor list: missing webhooks on the first, a middle and the last page are all found', async () => {
    // The sandbox answers at most 100 messages a page (the adapter asks for 100), so 230 span three pages.
    const { run } = setup();
    const { vendorConversationId, messages: sent } = await vendorConversation(
      Array.from({ length: 230 }, (_, i) => `paged ${i}`),
    );
    const dropped = new Set([0, 99, 100, 150, 229].map((i) => sent[i]!.id));
    await deliverWebhooks(sent.filter((m) => !dropped.has(m.id)));
    // Exactly this conversation's span (the window is half-open): a ±1 s margin would also take in the messages
    // the previous test sent less than a second earlier.
    const times = sent.map((m) => m.createdAt.getTime());
    const result = await run({ since: new Date(Math.min(...times)), until: new Date(Math.max(...times) + 1) });
    expect(result.details).toMatchObject({ vendorMessages: 230, missing: 5, backfilled: 5 });
    expect(new Set(result.details.missingMessageIds as string[])).toEqual(dropped);
    const reconciled = await env.db.vendorEvent.findMany({
      where: { source: 'RECONCILED', vendorConversationId },
    });
    expect(reconciled.map((e) => e.vendorEventId).sort()).toEqual(
      [...dropped].map((id) => `${RECONCILED_EVENT_PREFIX}${id}`).sort(),
    );
  }, 120_000);

  it('attributes missing webhooks to the resolved incident whose span contains them and then passes', async () => {
    const { run } = setup();
    const {
      messages: [lost],
    } = await vendorConversation(['lost during the outage']);
    const at = lost!.createdAt;
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
    const { run } = setup();
    await sandbox.fault('api-down');
    const result = await run({ since: new Date(Date.now() - 60_000), until: new Date() }).finally(() =>
      sandbox.endFaults(),
    );
    expect(result).toMatchObject({
      status: 'FAILED',
      failedComponent: 'vendor_api',
      failedStep: 'list-vendor-messages',
      error: 'sandbox GET /messages answered 503 service_unavailable: The API is temporarily unavailable',
    });
  });
});
