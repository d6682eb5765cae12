import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '../chat-provider/types';
import { makeConversation, messagingDatabase, messagingSettings, sendgridStub } from '../../test/support/messaging';
import type { HttpStub } from '../../test/support/http-stub';
import { runJobsUntil, sendJobsOf, startTestWorker, stopTestWorker, waitForRecord } from '../../test/support/worker';
import { extendContext } from '../context';
import { testContext } from '../../test/support/service-context';
import { processVendorEvent } from './process-vendor-event';
import { sentEvent as sent, storeEvents } from '../../test/support/normalized-events';

// A send racing a coalesce, on the real worker: an unread-messages email is being claimed for sending while a new
// message for the same recipient and conversation is processed, and the email rules try to add it to that email.
// The guarantee: the new message is in the sent email or in a later one — never lost (linked to an email whose
// body was rendered without it), never in two. Each test holds one side at a fixed point with a gate (a trigger
// waiting on a session advisory lock the test holds), waits until the other side is recorded as waiting on the
// email's row lock, then opens the gate. What a sent email holds is read from the SendGrid requests themselves.
// The guards: the row lock on the pending email in claimEmail and in the coalesce (applyEmailRulesBatch,
// scheduleUnreadEmail), and the coalesce's `status = 'QUEUED'`, which PostgreSQL re-checks after the lock wait.

const GATE = 4343;
let env: Awaited<ReturnType<typeof messagingDatabase>>;
let mail: HttpStub;
let workerEnv: Record<string, string>;

beforeAll(async () => {
  env = await messagingDatabase();
  mail = (await sendgridStub()).stub;
  // Unread emails fall due at once, so a send can be started whenever the test lets the send job run.
  workerEnv = { UNREAD_EMAIL_DELAY_SECONDS: '0', SENDGRID_API_URL: mail.url };
  // Two fixed points, each only for emails the test names in test_gate: the claim's attempt row (inside the
  // claim's transaction, after the email is locked and rendered) and a message being linked to the email (inside
  // the processing transaction, after it has locked the pending email).
  await env.pool.query(`
    CREATE TABLE test_gate ("emailId" uuid NOT NULL, point text NOT NULL);
    CREATE FUNCTION gate_wait() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM test_gate g WHERE g."emailId" = NEW."emailId" AND g.point = TG_ARGV[0]) THEN
        PERFORM pg_advisory_lock(${GATE}); PERFORM pg_advisory_unlock(${GATE});
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER gate_claim BEFORE INSERT ON email_send_attempt FOR EACH ROW EXECUTE FUNCTION gate_wait('claim');
    CREATE TRIGGER gate_link BEFORE INSERT ON email_message FOR EACH ROW EXECUTE FUNCTION gate_wait('link');`);
});

const store = (event: NormalizedEvent) => storeEvents(env.pool, [event]);

const processed = (vendorConversationId: string, count: number) => async () =>
  (await env.db.vendorEvent.count({ where: { vendorConversationId, status: 'PROCESSED' } })) === count;

/** A backend waiting for a row lock (another transaction's tuple or transaction id), whose query matches `like`. */
const waitingOnRow = (like: string) => async () => {
  const { rows } = await env.pool.query(
    `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event IN ('transactionid', 'tuple') AND query ILIKE $1`,
    [like],
  );
  return rows.length > 0;
};

const gateWaited = async () => {
  const { rows } = await env.pool.query(
    `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND NOT granted`,
    [GATE],
  );
  return rows.length > 0;
};

/**
 * The conversation's unread emails to the recipient once every one has settled (call it after the last message is
 * processed): each with its status, the texts linked to it, and the texts (among `texts`) its SendGrid request carried.
 */
async function settledEmails(conversationId: string, toUserId: string, texts: string[]) {
  const emails = await waitForRecord('the unread emails settled with no send job left', async () => {
    const rows = await env.db.email.findMany({
      where: { conversationId, toUserId, template: 'unread-messages' },
      orderBy: { createdAt: 'asc' },
      include: { messages: { include: { message: { select: { text: true } } } } },
    });
    const settled = rows.every((e) => !['QUEUED', 'SENDING'].includes(e.status));
    return (
      settled &&
      (
        await sendJobsOf(
          env.db,
          rows.map((e) => e.id),
        )
      ).length === 0 &&
      rows
    );
  });
  return emails.map((email) => {
    const requests = mail.requests.filter((r) => r.body.includes(email.id));
    return {
      status: email.status,
      linked: email.messages.map((m) => m.message.text).sort(),
      requests: requests.length,
      emailed: texts.filter((t) => requests.some((r) => r.body.includes(t))).sort(),
    };
  });
}

/** How the second message is processed while the send holds or waits: returns a function that ends it. */
interface Processing {
  name: string;
  start(vendorEventId: string): Promise<() => Promise<void>>;
}

const processings: Processing[] = [
  {
    // The worker's own path: processVendorEventBatch (applyEmailRulesBatch).
    name: 'a batch in the real worker',
    async start() {
      const runners = await startTestWorker({ url: env.url, env: workerEnv, tasks: ['process-vendor-events'] });
      return () => stopTestWorker(runners);
    },
  },
  {
    // The path a failed batch falls back to: processVendorEvent (applyEmailRules → scheduleUnreadEmail). Called
    // directly: the worker only takes it when a batch fails.
    name: 'one event at a time',
    async start(vendorEventId) {
      const ctx = extendContext(testContext({ db: env.db }), {
        settings: { ...messagingSettings, unreadDelaySeconds: 0 },
      });
      const { id } = await env.db.vendorEvent.findFirstOrThrow({ where: { vendorEventId }, select: { id: true } });
      // Settled now, so a failure is reported by the assertion rather than as an unhandled rejection.
      const done = processVendorEvent(ctx, { eventId: id }).then(
        (outcome) => ({ outcome }),
        (error: unknown) => ({ error }),
      );
      return async () => {
        expect(await done).toEqual({ outcome: 'processed' });
      };
    },
  },
];

/** A conversation whose first message (designer → client) is processed: its unread email to the client is QUEUED. */
async function withPendingEmail() {
  const { client, designer, conversation, vendorConversationId } = await makeConversation(env.db);
  const first = `first${randomUUID().slice(0, 8)}`;
  const second = sent(vendorConversationId, designer.id, `second${randomUUID().slice(0, 8)}`);
  await store(sent(vendorConversationId, designer.id, first));
  await runJobsUntil(
    { url: env.url, env: workerEnv, tasks: ['process-vendor-events'] },
    'the first message',
    processed(vendorConversationId, 1),
  );
  const pending = await env.db.email.findFirstOrThrow({
    where: { conversationId: conversation!.id, toUserId: client.id },
  });
  expect(pending.status).toBe('QUEUED');
  const secondText = second.message.text;
  return { conversationId: conversation!.id, client, vendorConversationId, pending, first, second, secondText };
}

describe.each(processings)('a send racing a coalesce, the message processed by $name', (processing) => {
  it('the send claims first: the new message waits for the claim, then starts a later email of its own', async () => {
    const { conversationId, client, vendorConversationId, pending, first, second, secondText } =
      await withPendingEmail();
    await env.pool.query(`INSERT INTO test_gate VALUES ($1, 'claim')`, [pending.id]);
    const gate = await env.pool.connect();
    const runners = [];
    let stopProcessing = async () => {};
    try {
      await gate.query(`SELECT pg_advisory_lock($1)`, [GATE]);
      runners.push(...(await startTestWorker({ url: env.url, env: workerEnv, tasks: ['send-email'] })));
      await waitForRecord('the send held inside its claim (email locked, rendered, marked SENDING)', gateWaited);
      await store(second);
      stopProcessing = await processing.start(second.eventId);
      await waitForRecord('the new message waiting on the claimed email', waitingOnRow('%email%'));
      await gate.query(`SELECT pg_advisory_unlock($1)`, [GATE]);
      await waitForRecord('the second message processed', processed(vendorConversationId, 2));
      expect(await settledEmails(conversationId, client.id, [first, secondText])).toEqual([
        { status: 'SENT', linked: [first], requests: 1, emailed: [first] },
        { status: 'SENT', linked: [secondText], requests: 1, emailed: [secondText] },
      ]);
    } finally {
      gate.release();
      await stopProcessing();
      await stopTestWorker(runners);
    }
  }, 120_000);

  it('the coalesce locks first: the send waits for it, and the email it sends carries the new message', async () => {
    const { conversationId, client, vendorConversationId, pending, first, second, secondText } =
      await withPendingEmail();
    await env.pool.query(`INSERT INTO test_gate VALUES ($1, 'link')`, [pending.id]);
    const gate = await env.pool.connect();
    const runners = [];
    let stopProcessing = async () => {};
    try {
      await gate.query(`SELECT pg_advisory_lock($1)`, [GATE]);
      await store(second);
      stopProcessing = await processing.start(second.eventId);
      await waitForRecord('the new message held while it is added to the pending email', gateWaited);
      runners.push(...(await startTestWorker({ url: env.url, env: workerEnv, tasks: ['send-email'] })));
      // Were the pending email not locked by the coalesce, the send would go past it instead: that ends the wait too,
      // and the assertions below show what it sent.
      await waitForRecord(
        'the send waiting on the email the message is being added to',
        async () =>
          (await waitingOnRow('%email%')()) ||
          (await env.db.email.findUniqueOrThrow({ where: { id: pending.id } })).status !== 'QUEUED',
      );
      await gate.query(`SELECT pg_advisory_unlock($1)`, [GATE]);
      await waitForRecord('the second message processed', processed(vendorConversationId, 2));
      expect(await settledEmails(conversationId, client.id, [first, secondText])).toEqual([
        { status: 'SENT', linked: [first, secondText].sort(), requests: 1, emailed: [first, secondText].sort() },
      ]);
    } finally {
      gate.release();
      await stopProcessing();
      await stopTestWorker(runners);
    }
  }, 120_000);
});
