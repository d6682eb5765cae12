import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpStub, type HttpStub } from '../test/support/http-stub';
import { APP_URL, AUTH_SECRET, makeConversation, messagingDatabase, WEBHOOK_SECRET } from '../test/support/messaging';
import { waitForRecord } from '../test/support/worker';
import { ingestVendorEvents } from '../lib/messaging/ingest-vendor-events';
import type { NormalizedEvent } from '../lib/chat-provider/types';

// The real worker process (worker/main.ts) SIGKILLed while a batch transaction is open, then started again: the
// batch is rolled back whole (nothing half-written), and the restarted worker processes every event exactly once.
// The batch is held open by a trigger that waits on an advisory lock this test holds, so the kill lands mid-batch
// on a recorded fact (the worker's backend waiting on that lock), not on timing.

const HOLD = 424242;
const root = path.resolve(import.meta.dirname, '..');
let env: Awaited<ReturnType<typeof messagingDatabase>>;
let stub: HttpStub;
let holder: pg.Client;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  env = await messagingDatabase();
  stub = await startHttpStub(() => ({ status: 202, headers: { 'x-message-id': `sg-${stub.requests.length}` } }));
  await env.pool.query(`
    CREATE FUNCTION hold_batch() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.text LIKE 'hold %' THEN PERFORM pg_advisory_xact_lock_shared(${HOLD}); END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER hold_batch BEFORE INSERT ON message FOR EACH ROW EXECUTE FUNCTION hold_batch();`);
  holder = new pg.Client({ connectionString: env.url });
  await holder.connect();
});
afterAll(async () => {
  for (const worker of workers) if (worker.exitCode === null) worker.kill('SIGKILL');
  await holder.end();
  await stub.close();
});

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'worker/main.ts')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      LOG_PRETTY: 'false',
      DATABASE_URL: env.url,
      APP_URL,
      AUTH_SECRET,
      VENDOR_API_SECRET: 'sandbox-api-secret-for-tests',
      VENDOR_WEBHOOK_SECRET: WEBHOOK_SECRET,
      SENDGRID_API_KEY: 'SG.test',
      SENDGRID_API_URL: stub.url,
      SENDGRID_EVENT_PUBLIC_KEY: 'unused-here',
      UNREAD_EMAIL_DELAY_SECONDS: '0',
      VENDOR_EVENT_BATCH_SIZE: '50',
    },
  });
  child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(`[worker ${child.pid}] ${chunk.toString()}`));
  workers.push(child);
  return child;
}

/** Backends of the test database waiting on the held advisory lock. */
async function waitingOnHold(): Promise<number[]> {
  const { rows } = await env.pool.query<{ pid: number }>(
    `SELECT l.pid FROM pg_locks l JOIN pg_database d ON d.oid = l.database
     WHERE d.datname = current_database() AND l.locktype = 'advisory' AND l.objid = $1 AND NOT l.granted`,
    [HOLD],
  );
  return rows.map((r) => r.pid);
}

describe('worker crash mid-batch', () => {
  it(
    'SIGKILLed with a batch transaction open: the batch is rolled back whole, and after a restart every event is processed once and every message emailed once',
    { timeout: 300_000 },
    async () => {
      const events: NormalizedEvent[] = [];
      const t0 = Date.now();
      const conversations = [];
      for (let n = 0; n < 4; n++) {
        const c = await makeConversation(env.db);
        conversations.push(c);
        for (let i = 0; i < 5; i++) {
          const at = new Date(t0 + i * 1000 + n);
          const senderId = i % 2 === 0 ? c.client.id : c.designer.id;
          // One message of the third conversation holds the batch open at its insert.
          const text = n === 2 && i === 3 ? 'hold here' : `c${n} m${i}`;
          const message = {
            id: `msg-${n}-${i}-${t0}`,
            conversationId: c.vendorConversationId,
            senderId,
            text,
            createdAt: at,
            idempotencyKey: null,
          };
          events.push({
            kind: 'message.sent',
            eventId: `evt-${n}-${i}-${t0}`,
            type: 'message.sent',
            occurredAt: at,
            message,
          });
        }
      }
      await holder.query('SELECT pg_advisory_lock($1)', [HOLD]);
      // One job: all 20 events in one batch.
      await ingestVendorEvents(env.pool, {
        vendor: 'sandbox',
        events,
        rawBody: null,
        receivedAt: new Date(),
        source: 'WEBHOOK',
      });

      const first = startWorker();
      const [held] = await waitForRecord(
        'the batch held open at its insert',
        async () => {
          const pids = await waitingOnHold();
          return pids.length > 0 && pids;
        },
        120_000,
      );
      first.kill('SIGKILL');
      await new Promise((resolve) => first.once('exit', resolve));
      // Let the orphaned backend finish its statement; it then finds its client gone and rolls back.
      await holder.query('SELECT pg_advisory_unlock($1)', [HOLD]);
      await waitForRecord('the killed worker’s backend gone', async () => {
        const { rows } = await env.pool.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [held]);
        return rows.length === 0;
      });
      // Nothing of the batch was committed: no message, no email, every event still waiting.
      expect(await env.db.message.count()).toBe(0);
      expect(await env.db.email.count()).toBe(0);
      expect(await env.db.vendorEvent.count({ where: { status: 'RECEIVED', attempts: 0 } })).toBe(events.length);

      startWorker();
      await waitForRecord(
        'every event processed and every email sent',
        async () => {
          const pending = await env.db.vendorEvent.count({ where: { status: { not: 'PROCESSED' } } });
          const unsent = await env.db.email.count({ where: { status: { not: 'SENT' } } });
          return pending === 0 && unsent === 0 && (await env.db.email.count()) > 0;
        },
        150_000,
      );
      const rows = await env.db.vendorEvent.findMany({ select: { attempts: true } });
      expect(rows.map((r) => r.attempts)).toEqual(events.map(() => 1));
      expect(await env.db.message.count()).toBe(events.length);
      const received = stub.requests.map(
        (r) => (JSON.parse(r.body) as { custom_args: { email_id: string } }).custom_args.email_id,
      );
      expect(new Set(received).size, 'an email was sent twice').toBe(received.length);
      expect(received.length).toBe(await env.db.email.count());
      // Every message in exactly one email to each other participant; each conversation's first message is the inquiry.
      const messages = await env.db.message.findMany({
        include: { conversation: { include: { project: true } }, emails: { include: { email: true } } },
      });
      for (const m of messages) {
        const others = [m.conversation.project.clientId, m.conversation.project.designerId].filter(
          (id) => id !== m.senderId,
        );
        expect(
          m.emails.map((l) => l.email.toUserId),
          `emails for ${m.text}`,
        ).toEqual(others);
        if (/m0$/.test(m.text)) expect(m.emails.map((l) => l.email.template)).toEqual(['new-inquiry']);
      }
    },
  );
});
