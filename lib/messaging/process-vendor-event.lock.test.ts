import { beforeAll, describe, expect, it } from 'vitest';
import { makeConversation, messagingDatabase, messagingSettings } from '../../test/support/messaging';
import { testContext } from '../../test/support/service-context';
import { waitForRecord } from '../../test/support/worker';
import { readEvent, sentEvent, storeEvents } from '../../test/support/normalized-events';
import { extendContext } from '../context';
import { processVendorEvent } from './process-vendor-event';

// Two workers on one conversation at once, on the path a failed batch falls back to (processVendorEvent, one event
// per transaction; the batch path is covered by process-vendor-events.worker.test.ts). A reply and the read of that
// reply, processed by two transactions at the same time. Nothing but the conversation's advisory lock orders them:
// the read pulls in no earlier events, and the reply's message row is not visible to the read until it commits.
// Unless the read waits for the reply, it finds no email to cancel, the reply had found no read, and a read reply is
// emailed. The reply is held at a fixed point (a trigger waiting on a session advisory lock the test holds) inside
// its transaction, just as it writes the unread email; the test then waits for a recorded outcome: the read's
// backend waiting on a lock, or the read finished. No timing decides the order.

const GATE = 4747;
let env: Awaited<ReturnType<typeof messagingDatabase>>;

beforeAll(async () => {
  env = await messagingDatabase();
  await env.pool.query(`
    CREATE FUNCTION gate_wait() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM pg_advisory_lock(${GATE}); PERFORM pg_advisory_unlock(${GATE}); RETURN NEW; END $$;
    CREATE TRIGGER gate_unread BEFORE INSERT ON email FOR EACH ROW WHEN (NEW.template = 'unread-messages')
      EXECUTE FUNCTION gate_wait();`);
});

/**
 * Advisory locks some backend of this file's database waits for (the gate, and the conversation's lock when the
 * read waits on it); other test files' databases share the server.
 */
const ungrantedAdvisory = async () =>
  (
    await env.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_locks
        WHERE locktype = 'advisory' AND NOT granted
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    )
  ).rows[0]!.n;

describe('two transactions on one conversation at once, one event each', () => {
  it('a reply and its read: the read waits for the reply, so the read reply is never emailed', async () => {
    const ctx = extendContext(testContext({ db: env.db }), { settings: messagingSettings });
    const processEvent = async (vendorEventId: string) => {
      const { id } = await env.db.vendorEvent.findFirstOrThrow({ where: { vendorEventId }, select: { id: true } });
      return processVendorEvent(ctx, { eventId: id });
    };
    const { client, designer, conversation, vendorConversationId } = await makeConversation(env.db);
    const opening = sentEvent(vendorConversationId, client.id, 'opening');
    await storeEvents(env.pool, [opening]);
    expect(await processEvent(opening.eventId)).toBe('processed');
    const reply = sentEvent(vendorConversationId, designer.id, 'reply');
    const read = readEvent(vendorConversationId, client.id, [reply.message.id]);
    await storeEvents(env.pool, [reply, read]);

    const gate = await env.pool.connect();
    try {
      await gate.query('SELECT pg_advisory_lock($1)', [GATE]);
      // Settled here, so a failure is reported by the assertions rather than as an unhandled rejection.
      const replying = processEvent(reply.eventId).then(
        (outcome) => ({ outcome }),
        (error: unknown) => ({ error }),
      );
      await waitForRecord(
        'the reply held as it writes its unread email',
        async () => (await ungrantedAdvisory()) === 1,
      );
      let readDone = false;
      const reading = processEvent(read.eventId).then(
        (outcome) => ((readDone = true), { outcome }),
        (error: unknown) => ((readDone = true), { error }),
      );
      // With the lock the read waits on it (a second ungranted advisory lock); without it the read finishes now.
      await waitForRecord(
        'the read waiting on the conversation, or done',
        async () => readDone || (await ungrantedAdvisory()) === 2,
      );
      await gate.query('SELECT pg_advisory_unlock($1)', [GATE]);
      expect(await replying).toEqual({ outcome: 'processed' });
      expect(await reading).toEqual({ outcome: 'processed' });
    } finally {
      gate.release();
    }
    const unread = await env.db.email.findMany({
      where: { conversationId: conversation!.id, toUserId: client.id, template: 'unread-messages' },
      select: { status: true },
    });
    expect(unread).toEqual([{ status: 'CANCELLED' }]);
  }, 60_000);
});
