import { beforeAll, describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '../chat-provider/types';
import { makeConversation, messagingDatabase, sendgridStub } from '../../test/support/messaging';
import { jobRows, startTestWorker, waitForRecord } from '../../test/support/worker';
import { processVendorEventsJob } from './jobs/process-vendor-events';
import { readEvent as read, sentEvent as sent, storeEvents } from '../../test/support/normalized-events';

// The real worker (graphile-worker with the registered jobs) on events stored as a webhook stores them:
// retries up to maxAttempts end in FAILED, and two workers on one conversation take turns (the advisory lock).
// Many messages of one conversation are serialized by row locks as well (earlier events, the conversation row),
// and a batch tops itself up with the conversation's other waiting events, so the reply-and-read case below passes
// even with the advisory lock removed (checked): the test that fails without the lock is
// process-vendor-event.lock.test.ts (one event per transaction, the path a failed batch falls back to).

let env: Awaited<ReturnType<typeof messagingDatabase>>;

beforeAll(async () => {
  env = await messagingDatabase();
  // A real failure inside the processing transaction: PostgreSQL refuses one message text. And a slow insert
  // for others, so that two transactions on one conversation certainly overlap unless something serializes them.
  await env.pool.query(`
    CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.text = 'poison' THEN RAISE EXCEPTION 'poisoned message refused'; END IF;
      IF NEW.text LIKE 'slow %' THEN PERFORM pg_sleep(0.2); END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER refuse_poison BEFORE INSERT ON message FOR EACH ROW EXECUTE FUNCTION refuse_poison();`);
  // Two runners, as two worker processes; unread emails wait (so they stay QUEUED and can be counted).
  const mail = await sendgridStub();
  await startTestWorker({
    url: env.url,
    runners: 2,
    env: { UNREAD_EMAIL_DELAY_SECONDS: '3600', SENDGRID_API_URL: mail.stub.url },
  });
});

const store = (events: NormalizedEvent[]) => storeEvents(env.pool, events);

describe('process-vendor-events in the real worker', () => {
  it('retries a failing event with graphile-worker until maxAttempts, then marks it FAILED with the reason', async () => {
    const { client, vendorConversationId } = await makeConversation(env.db);
    const event = sent(vendorConversationId, client.id, 'poison');
    await store([event]);
    const row = await env.db.vendorEvent.findFirstOrThrow({ where: { vendorEventId: event.eventId } });
    const ours = async () => (await jobRows(env.db, processVendorEventsJob.name))[0];
    // graphile-worker backs off exponentially; each time the failed attempt is recorded, pull the retry forward.
    for (let attempt = 1; attempt <= processVendorEventsJob.maxAttempts; attempt++) {
      const job = await waitForRecord(`attempt ${attempt} recorded`, async () => {
        const j = await ours();
        return j && j.attempts === attempt && j.locked_at === null ? j : undefined;
      });
      expect(job.last_error).toBe('1 of 1 vendor events failed; retrying');
      await env.pool.query('UPDATE graphile_worker._private_jobs SET run_at = now() WHERE id = $1', [job.id]);
    }
    const failed = await waitForRecord('the event marked FAILED', async () => {
      const e = await env.db.vendorEvent.findUniqueOrThrow({ where: { id: row.id } });
      return e.status === 'FAILED' ? e : undefined;
    });
    expect(failed.attempts).toBe(processVendorEventsJob.maxAttempts);
    expect(failed.lastError).toContain('poisoned message refused');
    // graphile-worker keeps the job, out of attempts, for inspection; nothing was recorded for the message.
    const [job] = await jobRows(env.db, processVendorEventsJob.name);
    expect([job!.attempts, job!.max_attempts]).toEqual([
      processVendorEventsJob.maxAttempts,
      processVendorEventsJob.maxAttempts,
    ]);
    expect(await env.db.message.count({ where: { vendorMessageId: event.message.id } })).toBe(0);
  }, 150_000);

  it('two workers on one conversation: every message recorded once, one inquiry email, the rest coalesced into one unread email', async () => {
    const { client, conversation, vendorConversationId } = await makeConversation(env.db);
    // One job per event, so both runners process the conversation's events at the same time.
    const events = Array.from({ length: 12 }, (_, i) => sent(vendorConversationId, client.id, `slow ${i}`));
    await Promise.all(events.map((event) => store([event])));
    await waitForRecord(
      'every event processed',
      async () =>
        (await env.db.vendorEvent.count({
          where: { vendorEventId: { in: events.map((e) => e.eventId) }, status: 'PROCESSED' },
        })) === events.length,
      90_000,
    );
    expect(await env.db.message.count({ where: { conversationId: conversation!.id } })).toBe(12);
    // A batch may queue the inquiry in the same commit as its last event: its send job runs after that commit.
    await waitForRecord(
      'the inquiry email sent',
      async () =>
        (await env.db.email.count({
          where: { conversationId: conversation!.id, template: 'new-inquiry', status: 'SENT' },
        })) === 1,
      60_000,
    );
    const emails = await env.db.email.findMany({
      where: { conversationId: conversation!.id },
      include: { messages: true },
    });
    expect(emails.map((e) => [e.template, e.status, e.messages.length]).sort()).toEqual([
      ['new-inquiry', 'SENT', 1],
      ['unread-messages', 'QUEUED', 11],
    ]);
  }, 150_000);

  it('a read processed at the same time as its message, by two workers: the read message is never emailed', async () => {
    // Each transaction is slowed where the other would miss it: the message's unread email is written late, the
    // read is written before it looks for emails to cancel. Unless something makes one wait for the other (the
    // conversation's advisory lock, or both events taken into one batch by its top-up), the message finds no read
    // and the read finds no email, and a read message is emailed.
    await env.pool.query(`
      CREATE FUNCTION slow_race() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_sleep(CASE TG_TABLE_NAME WHEN 'email' THEN 0.6 ELSE 0.3 END); RETURN NEW; END $$;
      CREATE TRIGGER slow_race_email BEFORE INSERT ON email FOR EACH ROW WHEN (NEW.template = 'unread-messages')
        EXECUTE FUNCTION slow_race();
      CREATE TRIGGER slow_race_read BEFORE INSERT ON message_read FOR EACH ROW EXECUTE FUNCTION slow_race();`);
    try {
      const pairs = [];
      for (let i = 0; i < 3; i++) {
        const { client, designer, conversation, vendorConversationId } = await makeConversation(env.db);
        const opening = sent(vendorConversationId, client.id, `opening ${i}`);
        await store([opening]);
        await waitForRecord('the opening message processed', () =>
          env.db.vendorEvent.findFirst({ where: { vendorEventId: opening.eventId, status: 'PROCESSED' } }),
        );
        const reply = sent(vendorConversationId, designer.id, `reply ${i}`);
        pairs.push({
          client,
          conversation: conversation!,
          events: [reply, read(vendorConversationId, client.id, [reply.message.id])],
        });
      }
      // One job each, stored at once: the two runners take a reply and its read together.
      await Promise.all(pairs.flatMap((p) => p.events.map((event) => store([event]))));
      const eventIds = pairs.flatMap((p) => p.events.map((e) => e.eventId));
      await waitForRecord(
        'every reply and read processed',
        async () =>
          (await env.db.vendorEvent.count({ where: { vendorEventId: { in: eventIds }, status: 'PROCESSED' } })) ===
          eventIds.length,
        90_000,
      );
      for (const { client, conversation } of pairs) {
        const unread = await env.db.email.findMany({
          where: { conversationId: conversation.id, toUserId: client.id, template: 'unread-messages' },
        });
        expect(unread.filter((e) => e.status === 'QUEUED')).toEqual([]);
      }
    } finally {
      await env.pool.query(`DROP TRIGGER slow_race_email ON email; DROP TRIGGER slow_race_read ON message_read;`);
    }
  }, 150_000);
});
