import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpStub, type HttpStub } from '../test/support/http-stub';
import {
  APP_URL,
  AUTH_SECRET,
  makeConversation,
  messageSentEvent,
  messagingDatabase,
  testVendor,
  WEBHOOK_SECRET,
} from '../test/support/messaging';
import { ingestVendorEvents } from '../lib/messaging/ingest-vendor-events';
import type { NormalizedEvent } from '../lib/chat-provider/types';

// The real worker process (worker/main.ts), SIGKILLed in the middle of a batch and started again:
// no event may be lost and no email sent twice. SendGrid is a local stub that answers after 40 ms, so the
// kill lands while emails are being handed over.

const CONVERSATIONS = 25;
const HELD_REQUEST = 12;
const root = path.resolve(import.meta.dirname, '..');

let env: Awaited<ReturnType<typeof messagingDatabase>>;
let stub: HttpStub;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  env = await messagingDatabase();
  // The 12th hand-over is never answered: the worker is killed with that email certainly in flight.
  stub = await startHttpStub(() =>
    stub.requests.length === HELD_REQUEST
      ? new Promise<never>(() => undefined)
      : { status: 202, delayMs: 40, headers: { 'x-message-id': `sg-${stub.requests.length}` } },
  );
});
afterAll(async () => {
  for (const worker of workers) if (worker.exitCode === null) worker.kill('SIGKILL');
  await stub.close();
});

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'worker/main.ts')], {
    cwd: root,
    stdio: ['ignore', process.env.WORKER_TEST_LOG_FILE ? 'pipe' : 'ignore', 'pipe'],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.WORKER_TEST_LOG_LEVEL ?? 'error',
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
    },
  });
  const logFile = process.env.WORKER_TEST_LOG_FILE;
  if (logFile) child.stdout!.on('data', (chunk: Buffer) => appendFileSync(logFile, chunk));
  child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(`[worker ${child.pid}] ${chunk.toString()}`));
  workers.push(child);
  return child;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const sentIds = () =>
  stub.requests.map((r) => (JSON.parse(r.body) as { custom_args: { email_id: string } }).custom_args.email_id);

describe('worker crash', () => {
  it(
    'SIGKILLed mid-batch and restarted: every event processed, no email sent twice',
    { timeout: 150_000 },
    async () => {
      const vendor = testVendor();
      const events: NormalizedEvent[] = [];
      for (let i = 0; i < CONVERSATIONS; i++) {
        const c = await makeConversation(env.db);
        const participants = [c.client.id, c.designer.id];
        for (const [senderId, text] of [
          [c.client.id, 'brief'],
          [c.designer.id, 'reply'],
          [c.client.id, 'thanks'],
        ] as const) {
          const raw = messageSentEvent({ conversationId: c.vendorConversationId, senderId, participants, text });
          events.push(
            ...(await vendor.parseWebhook({
              rawBody: JSON.stringify(raw),
              headers: new Headers(await signedHeaders(raw)),
            })),
          );
        }
      }
      await ingestVendorEvents(env.pool, {
        vendor: 'sandbox',
        events,
        rawBody: null,
        receivedAt: new Date(),
        source: 'WEBHOOK',
      });

      const first = startWorker();
      await waitFor('the first emails', async () => stub.requests.length >= HELD_REQUEST, 60_000);
      const heldEmailId = sentIds()[HELD_REQUEST - 1]!;
      first.kill('SIGKILL');
      await new Promise((resolve) => first.once('exit', resolve));
      const processedAtKill = await env.db.vendorEvent.count({ where: { status: 'PROCESSED' } });
      const [{ locked }] = await env.db.$queryRaw<
        [{ locked: number }]
      >`SELECT count(*)::int AS locked FROM graphile_worker._private_jobs WHERE locked_by IS NOT NULL`;
      const sentAtKill = stub.requests.length;

      startWorker();
      const settled = await waitFor(
        'every event processed and every email settled',
        async () => {
          const pending = await env.db.vendorEvent.count({ where: { status: { not: 'PROCESSED' } } });
          const unsettled = await env.db.email.count({ where: { status: { in: ['QUEUED', 'SENDING'] } } });
          return (
            pending === 0 &&
            unsettled === 0 &&
            (await env.db.email.findMany({ select: { id: true, status: true, statusReason: true } }))
          );
        },
        120_000,
      );

      // The kill really happened mid-batch: work was left, and jobs were left locked by the dead worker
      // (graphile-worker alone would leave them for four hours; the liveness sweep released them).
      expect(processedAtKill + sentAtKill).toBeLessThan(events.length + settled.length);
      expect(locked).toBeGreaterThan(0);
      expect(await env.db.message.count()).toBe(events.length);

      const received = sentIds();
      expect(new Set(received).size, 'an email was sent twice').toBe(received.length);
      // Every message reached every other participant in some email (inquiry, or unread — coalesced or not).
      const links = await env.db.message.findMany({
        include: {
          conversation: { include: { project: true } },
          emails: { include: { email: { select: { toUserId: true } } } },
        },
      });
      for (const m of links) {
        const others = [m.conversation.project.clientId, m.conversation.project.designerId].filter(
          (id) => id !== m.senderId,
        );
        expect(m.emails.map((l) => l.email.toUserId).sort(), `emails for message ${m.id}`).toEqual(others);
      }
      const sent = settled.filter((e) => e.status === 'SENT');
      const interrupted = settled.filter((e) => e.status === 'UNCONFIRMED');
      expect(sent.length + interrupted.length).toBe(settled.length);
      for (const email of sent) expect(received).toContain(email.id);
      // At most the emails the killed worker had in flight (concurrency 5) are held as unconfirmed, never resent.
      expect(interrupted.length).toBeLessThanOrEqual(5);
      for (const email of interrupted) expect(email.statusReason).toMatch(/^interrupted/);
      // The email SendGrid never answered was in flight at the kill: it is left interrupted and not handed over again.
      expect(interrupted.map((e) => e.id)).toContain(heldEmailId);
      expect(received.filter((id) => id === heldEmailId)).toHaveLength(1);
    },
  );
});

async function signedHeaders(event: { id: string; created_at: string }) {
  const { Webhook } = await import('standardwebhooks');
  const now = new Date();
  return {
    'webhook-id': event.id,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': new Webhook(WEBHOOK_SECRET).sign(event.id, now, JSON.stringify(event)),
  };
}
