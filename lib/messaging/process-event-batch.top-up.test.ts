import { beforeAll, describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '../chat-provider/types';
import { makeConversation, messagingDatabase, messagingSettings } from '../../test/support/messaging';
import { testContext } from '../../test/support/service-context';
import { waitForRecord } from '../../test/support/worker';
import { extendContext } from '../context';
import { processVendorEventBatch } from './process-event-batch';
import { readEvent as read, sentEvent as sent, storeEvents } from '../../test/support/normalized-events';

// The top-up's conversation lock, one interleaving at a time. Two batches run as two workers would: batch A
// records a reply and is held (by a gate the test opens) after it has looked for reads and before its unread email
// is written; meanwhile batch B, queued for another conversation, tops itself up with waiting events. The reply's
// read is waiting: row locks do not keep B from taking it (A never locks the read's row), only A's conversation
// lock does, which B must not wait for (pg_try_advisory_xact_lock) and so must skip the read. Were the read taken,
// it would find no email to cancel (A's is not committed yet) and A found no read: a read message is emailed.

const GATE = 4242;
let env: Awaited<ReturnType<typeof messagingDatabase>>;

beforeAll(async () => {
  env = await messagingDatabase();
  // A's unread email for a gated conversation waits on the session lock GATE the test holds.
  await env.pool.query(`
    CREATE TABLE test_gate ("conversationId" uuid PRIMARY KEY);
    CREATE FUNCTION gate_email() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM test_gate g WHERE g."conversationId" = NEW."conversationId") THEN
        PERFORM pg_advisory_lock(${GATE}); PERFORM pg_advisory_unlock(${GATE});
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER gate_email BEFORE INSERT ON email FOR EACH ROW WHEN (NEW.template = 'unread-messages')
      EXECUTE FUNCTION gate_email();`);
});

/** Stores one event as a webhook does (its job is queued, but no worker runs here) and returns its row id. */
async function store(event: NormalizedEvent, receivedAt: Date): Promise<string> {
  await storeEvents(env.pool, [event], receivedAt);
  const row = await env.db.vendorEvent.findFirstOrThrow({
    where: { vendorEventId: event.eventId },
    select: { id: true },
  });
  return row.id;
}

describe('a batch topping itself up while another batch holds a conversation', () => {
  it('leaves that conversation’s waiting read alone, so a read reply is never emailed', async () => {
    const ctx = extendContext(testContext({ db: env.db }), { settings: messagingSettings });
    const x = await makeConversation(env.db);
    const y = await makeConversation(env.db);
    const reply = sent(x.vendorConversationId, x.designer.id, 'reply');
    // The read arrives first (webhooks come in any order), so it is the oldest event a top-up takes; the reply
    // itself, A's row, is left out by B's room of one (row locks alone would make B wait for A there).
    const t0 = Date.now();
    const readId = await store(read(x.vendorConversationId, x.client.id, [reply.message.id]), new Date(t0));
    const replyId = await store(reply, new Date(t0 + 1000));
    const otherId = await store(sent(y.vendorConversationId, y.client.id, 'elsewhere'), new Date(t0 + 2000));

    await env.pool.query(`INSERT INTO test_gate VALUES ($1)`, [x.conversation!.id]);
    const gate = await env.pool.connect();
    try {
      await gate.query(`SELECT pg_advisory_lock($1)`, [GATE]);
      const a = processVendorEventBatch(ctx, { eventIds: [replyId] });
      await waitForRecord('batch A held at its unread email', async () => {
        const { rows } = await env.pool.query(
          `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND NOT granted`,
          [GATE],
        );
        return rows.length > 0;
      });
      const b = await processVendorEventBatch(ctx, { eventIds: [otherId], fillTo: 2 });
      expect(b.get(otherId)).toBe('processed');
      await gate.query(`SELECT pg_advisory_unlock($1)`, [GATE]);
      expect((await a).get(replyId)).toBe('processed');
    } finally {
      gate.release();
    }
    // The read's own job, after A: it finds the reply's email and cancels it.
    await processVendorEventBatch(ctx, { eventIds: [readId] });

    const rows = await env.db.vendorEvent.findMany({ where: { id: { in: [replyId, readId, otherId] } } });
    expect(rows.map((r) => [r.status, r.attempts])).toEqual(rows.map(() => ['PROCESSED', 1]));
    const unread = await env.db.email.findMany({
      where: { conversationId: x.conversation!.id, toUserId: x.client.id, template: 'unread-messages' },
      select: { status: true },
    });
    expect(unread).toEqual([{ status: 'CANCELLED' }]);
  }, 60_000);
});
