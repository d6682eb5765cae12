import { beforeAll, describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '../chat-provider/types';
import { makeConversation, messagingDatabase, sendgridStub } from '../../test/support/messaging';
import { startTestWorker, waitForRecord } from '../../test/support/worker';
import { sentEvent as sent, storeEvents } from '../../test/support/normalized-events';

// Batch boundaries in the real worker (graphile-worker with the registered jobs): batches of 5 events, so one
// job's events span several batches and conversations, and two runners' batches overlap (each tops its batch
// up with events other jobs were queued for).

const BATCH = 5;
let env: Awaited<ReturnType<typeof messagingDatabase>>;

beforeAll(async () => {
  env = await messagingDatabase();
  // A slow insert, so that two runners' transactions overlap unless something keeps them apart.
  await env.pool.query(`
    CREATE FUNCTION slow_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.text LIKE 'slow %' THEN PERFORM pg_sleep(0.05); END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER slow_insert BEFORE INSERT ON message FOR EACH ROW EXECUTE FUNCTION slow_insert();`);
  const mail = await sendgridStub();
  await startTestWorker({
    url: env.url,
    runners: 2,
    env: {
      UNREAD_EMAIL_DELAY_SECONDS: '3600',
      SENDGRID_API_URL: mail.stub.url,
      VENDOR_EVENT_BATCH_SIZE: String(BATCH),
    },
  });
});

const store = (events: NormalizedEvent[]) => storeEvents(env.pool, events);

/** Waits until every event is processed; then each was processed exactly once (one recorded attempt). */
async function processedOnce(events: NormalizedEvent[]) {
  const ids = events.map((e) => e.eventId);
  await waitForRecord(
    'every event processed',
    async () =>
      (await env.db.vendorEvent.count({ where: { vendorEventId: { in: ids }, status: 'PROCESSED' } })) === ids.length,
    90_000,
  );
  const rows = await env.db.vendorEvent.findMany({ where: { vendorEventId: { in: ids } }, select: { attempts: true } });
  expect(rows.map((r) => r.attempts)).toEqual(ids.map(() => 1));
}

/** A conversation's emails as [template, status, texts of the messages listed, oldest first]. */
async function emailsOf(conversationId: string) {
  const emails = await env.db.email.findMany({
    where: { conversationId },
    include: { messages: { include: { message: { select: { text: true, sentAt: true } } } } },
  });
  return emails
    .map((e) => [
      e.template,
      e.status,
      e.messages
        .map((m) => m.message)
        .sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime())
        .map((m) => m.text),
    ])
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

/** Waits until the conversation's new-inquiry email has been handed to SendGrid (the send-email job ran). */
const inquirySent = (conversationId: string) =>
  waitForRecord('the inquiry sent', async () =>
    (await emailsOf(conversationId)).some(([template, status]) => template === 'new-inquiry' && status === 'SENT'),
  );

describe('batch boundaries in the real worker', () => {
  it('one job spanning three conversations, stored newest first: each conversation in the vendor’s order — its first message is the inquiry, the rest one unread email', async () => {
    const t0 = Date.now();
    const conversations = await Promise.all([0, 1, 2].map(() => makeConversation(env.db)));
    const events = conversations.flatMap((c, n) =>
      [0, 1, 2, 3].map((i) => sent(c.vendorConversationId, c.client.id, `c${n} m${i}`, new Date(t0 + i * 1000 + n))),
    );
    // One job of 12 events (three batches of 5), newest first and interleaved across the conversations.
    await store([...events].reverse());
    await processedOnce(events);
    for (const [n, c] of conversations.entries()) {
      await inquirySent(c.conversation!.id);
      expect(await emailsOf(c.conversation!.id)).toEqual([
        ['new-inquiry', 'SENT', [`c${n} m0`]],
        ['unread-messages', 'QUEUED', [`c${n} m1`, `c${n} m2`, `c${n} m3`]],
      ]);
    }
  }, 150_000);

  it('two workers on overlapping batches (one job per event, batches topped up from the others): every event once, one inquiry and one unread email per conversation', async () => {
    const t0 = Date.now();
    const conversations = await Promise.all([0, 1].map(() => makeConversation(env.db)));
    const events = conversations.flatMap((c, n) =>
      Array.from({ length: 15 }, (_, i) =>
        sent(
          c.vendorConversationId,
          i % 3 === 2 ? c.designer.id : c.client.id,
          `slow c${n} m${i}`,
          new Date(t0 + i * 1000 + n),
        ),
      ),
    );
    await Promise.all(events.map((event) => store([event])));
    await processedOnce(events);
    expect(
      await env.db.message.count({
        where: { vendorMessageId: { in: events.map((e) => (e as { message: { id: string } }).message.id) } },
      }),
    ).toBe(30);
    for (const [n, c] of conversations.entries()) {
      const texts = (pick: (i: number) => boolean) =>
        Array.from({ length: 15 }, (_, i) => i)
          .filter(pick)
          .map((i) => `slow c${n} m${i}`);
      await inquirySent(c.conversation!.id);
      const emails = await emailsOf(c.conversation!.id);
      // The client's messages after the first to the designer; the designer's to the client: each in exactly one email.
      expect(emails).toEqual(
        [
          ['new-inquiry', 'SENT', [`slow c${n} m0`]],
          ['unread-messages', 'QUEUED', texts((i) => i % 3 === 2)],
          ['unread-messages', 'QUEUED', texts((i) => i > 0 && i % 3 !== 2)],
        ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      );
    }
  }, 150_000);
});
