import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/db';
import { createDb, type Db } from '../db';
import { FaultStore } from '../faults/store';
import { startReceiver, waitFor, type Receiver } from '../test/harness';
import { Dispatcher } from './dispatcher';
import { insertOutbox } from './outbox';
import type { Target, TargetSpec } from './targets';

// The dispatcher's watchdog, on a real sandbox database and a real HTTP receiver. One tick's "select due" is held
// after PostgreSQL answered it (as an await that never ends would hold it): the watchdog must abandon that tick and
// start a new loop, which delivers every row; when the held tick finally gets its (stale) rows, it must post none of
// them again — the new loop already delivered them.

let db: Db;
let receiver: Receiver;
let dispatcher: Dispatcher | undefined;
let releaseHeld!: () => void;
const held = new Promise<void>((resolve) => (releaseHeld = resolve));

beforeAll(async () => {
  db = createDb(await createTestDatabase());
  await db.migrate();
  receiver = await startReceiver();
});
afterAll(async () => {
  releaseHeld();
  await dispatcher?.stop();
  await receiver?.close();
  await db?.close();
});

function logCapture() {
  const lines: { msg: string; phase?: string }[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines };
}

async function queue(id: string): Promise<void> {
  await insertOutbox(db, {
    id,
    target: 'vendor',
    type: 'message.sent',
    body: JSON.stringify({ id }),
    messageId: null,
    conversationId: null,
    status: 'pending',
    nextAttemptAt: new Date(),
    dropped: false,
    duplicated: false,
    delayedMs: null,
    heldBy: null,
  });
}

const posted = (id: string) => receiver.requests.filter((r) => (JSON.parse(r.body) as { id: string }).id === id);

describe('webhook dispatcher watchdog', () => {
  it(
    'abandons a stuck tick, delivers through a new loop, and the abandoned tick posts nothing again',
    { timeout: 90_000 },
    async () => {
      const { log, lines } = logCapture();
      let selects = 0;
      let heldTickGotRows = false;
      // The first "select due" returns its rows only once released; every other query goes straight through.
      const holding: Db = {
        ...db,
        query: (async (...args: Parameters<Db['query']>) => {
          const result = await (db.query as (...a: unknown[]) => Promise<unknown>)(...args);
          if (String(args[0]).includes("WHERE status = 'pending'") && selects++ === 0) {
            await held;
            heldTickGotRows = true;
          }
          return result;
        }) as Db['query'],
      };
      const spec: TargetSpec = {
        url: `${receiver.url}/api/webhooks/chat`,
        retryDelaysMs: [200],
        timeoutMs: 2000,
        headers: () => ({}),
      };
      const targets: Record<Target, TargetSpec> = { vendor: spec, sendgrid: spec };
      await queue('evt_a');
      await queue('evt_b');
      // stallMs well above any one healthy wait here, so a CPU-starved step is not taken for the held one.
      dispatcher = new Dispatcher(holding, new FaultStore(db, log), targets, log, { pollMs: 10, stallMs: 5000 });
      dispatcher.start();

      await waitFor(
        () => (posted('evt_a').length && posted('evt_b').length ? true : undefined),
        30_000,
        'both rows delivered by the new loop',
      );
      const stalled = lines.find((l) => l.msg === 'webhook dispatcher tick stalled; starting a new one');
      expect(stalled?.phase).toBe('select due');

      // The held tick now gets its stale rows (both were pending when it selected them). A row queued after, delivered
      // by the live loop, is the later outcome: by then the abandoned tick had its chance to post them again.
      releaseHeld();
      await waitFor(() => (heldTickGotRows ? true : undefined), 10_000, 'the held tick to get its rows');
      await queue('evt_c');
      await waitFor(
        async () =>
          (await db.query(`SELECT 1 FROM sandbox.outbox WHERE id = 'evt_c' AND status = 'delivered'`)).rowCount ||
          undefined,
        30_000,
        'a later row delivered and recorded',
      );
      expect(posted('evt_a')).toHaveLength(1);
      expect(posted('evt_b')).toHaveLength(1);
      const { rows } = await db.query<{ id: string; status: string; attempts: number }>(
        `SELECT id, status, attempts FROM sandbox.outbox ORDER BY id`,
      );
      expect(rows).toEqual([
        { id: 'evt_a', status: 'delivered', attempts: 1 },
        { id: 'evt_b', status: 'delivered', attempts: 1 },
        { id: 'evt_c', status: 'delivered', attempts: 1 },
      ]);
    },
  );
  it('leaves a healthy tick alone however long it takes in all: only one wait past the limit is a stall', async () => {
    await dispatcher?.stop();
    dispatcher = undefined;
    await db.query(`DELETE FROM sandbox.outbox`);
    const { log, lines } = logCapture();
    // A vendor endpoint answering each POST after 250 ms: 16 rows make one tick of 4 s or more, past a 1.5 s limit.
    const seen: string[] = [];
    const slow = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string }).id);
        setTimeout(() => res.writeHead(204).end(), 250);
      });
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    try {
      const spec: TargetSpec = {
        url: `http://127.0.0.1:${(slow.address() as AddressInfo).port}/`,
        retryDelaysMs: [200],
        timeoutMs: 1000,
        headers: () => ({}),
      };
      const ids = Array.from({ length: 16 }, (_, i) => `evt_slow_${String(i).padStart(2, '0')}`);
      for (const id of ids) await queue(id);
      dispatcher = new Dispatcher(db, new FaultStore(db, log), { vendor: spec, sendgrid: spec }, log, {
        pollMs: 10,
        stallMs: 1500,
      });
      dispatcher.start();
      await waitFor(
        async () =>
          (await db.query(`SELECT 1 FROM sandbox.outbox WHERE status = 'delivered'`)).rowCount === ids.length ||
          undefined,
        60_000,
        'every row delivered',
      );
      // Abandoning the tick mid-delivery would post the row in flight again from the new loop.
      expect(lines.filter((l) => l.msg === 'webhook dispatcher tick stalled; starting a new one')).toEqual([]);
      expect([...seen].sort()).toEqual(ids);
    } finally {
      await dispatcher?.stop();
      dispatcher = undefined;
      slow.closeAllConnections();
      await new Promise<void>((resolve) => slow.close(() => resolve()));
    }
  }, 90_000);
});
