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
  signedRequest,
  testVendor,
  WEBHOOK_SECRET,
} from '../test/support/messaging';
import { startPgFaultProxy, type PgFaultProxy } from '../test/support/pg-fault-proxy';
import { OUTAGES_TOTAL } from '../lib/db/outage-metrics';
import { ingestVendorEvents } from '../lib/messaging/ingest-vendor-events';
import type { NormalizedEvent } from '../lib/chat-provider/types';

// The real worker process (worker/main.ts) reaching PostgreSQL through a fault proxy: its backends are
// killed while it completes jobs (graphile-worker's completeJobs then fails with "Connection terminated
// unexpectedly"), then the database is stopped until the worker has retried several times, then it is back.
// The worker must still be the same process, finish every event, and have counted the outage once it could.
// To see the worker's own logs: WORKER_TEST_LOG_FILE=/tmp/worker.log WORKER_TEST_LOG_LEVEL=debug.

const root = path.resolve(import.meta.dirname, '..');
let env: Awaited<ReturnType<typeof messagingDatabase>>;
let stub: HttpStub;
let proxy: PgFaultProxy;
let worker: ChildProcess | undefined;

beforeAll(async () => {
  env = await messagingDatabase();
  proxy = await startPgFaultProxy(env.url);
  stub = await startHttpStub(() => ({
    status: 202,
    delayMs: 20,
    headers: { 'x-message-id': `sg-${stub.requests.length}` },
  }));
});
afterAll(async () => {
  if (worker?.exitCode === null) worker.kill('SIGKILL');
  await stub.close();
  await proxy.close();
});

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs: number,
  explain?: () => Promise<string>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${explain ? `; ${await explain().catch(String)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The jobs still queued, for the failure message: which are late, and why (attempts, last error, lock). */
async function jobStates(): Promise<string> {
  const { rows } = await env.pool.query(
    `SELECT id, task_identifier AS task, attempts, round(extract(epoch FROM run_at - now())) AS due_in_s,
            locked_by, left(last_error, 120) AS last_error
       FROM graphile_worker.jobs ORDER BY id`,
  );
  return `jobs: ${JSON.stringify(rows)}`;
}

describe('worker through database loss', () => {
  it(
    'survives killed backends and a stopped database, then finishes every event and counts the outage',
    { timeout: 420_000 },
    async () => {
      const vendor = testVendor();
      const events: NormalizedEvent[] = [];
      for (let i = 0; i < 12; i++) {
        const c = await makeConversation(env.db);
        const raw = messageSentEvent({
          conversationId: c.vendorConversationId,
          senderId: c.client.id,
          participants: [c.client.id, c.designer.id],
          text: `brief ${i}`,
        });
        const request = signedRequest(raw);
        events.push(...(await vendor.parseWebhook({ rawBody: await request.text(), headers: request.headers })));
      }
      let exited: string | null = null;
      worker = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'worker/main.ts')], {
        cwd: root,
        stdio: ['ignore', process.env.WORKER_TEST_LOG_FILE ? 'pipe' : 'ignore', 'pipe'],
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'test',
          LOG_LEVEL: process.env.WORKER_TEST_LOG_LEVEL ?? 'fatal',
          LOG_PRETTY: 'false',
          DATABASE_URL: proxy.url,
          APP_URL,
          AUTH_SECRET,
          VENDOR_API_SECRET: 'sandbox-api-secret-for-tests',
          VENDOR_WEBHOOK_SECRET: WEBHOOK_SECRET,
          SENDGRID_API_KEY: 'SG.test',
          SENDGRID_API_URL: stub.url,
          SENDGRID_EVENT_PUBLIC_KEY: 'unused-here',
          UNREAD_EMAIL_DELAY_SECONDS: '0',
          DB_CONNECT_TIMEOUT_MS: '1500',
        },
      });
      const logFile = process.env.WORKER_TEST_LOG_FILE;
      worker.stdout?.on('data', (chunk: Buffer) => appendFileSync(logFile!, chunk));
      worker.stderr!.on('data', (chunk: Buffer) =>
        logFile ? appendFileSync(logFile, chunk) : process.stderr.write(`[worker] ${chunk.toString()}`),
      );
      worker.once('exit', (code, signal) => (exited = `${code ?? signal}`));

      // Half the events first; kill every connection as soon as the worker is completing their jobs.
      await ingestVendorEvents(env.pool, {
        vendor: 'sandbox',
        events: events.slice(0, 6),
        rawBody: null,
        receivedAt: new Date(),
        source: 'WEBHOOK',
      });
      // A bound, not a wait: the first send of a fresh worker loads and renders the email templates, which took over
      // 40 s at load average 25 with a core kept busy (the bound was 60 s from spawn, and ran out there twice).
      await waitFor('the first emails', () => stub.requests.length >= 1, 180_000);
      for (let i = 0; i < 3; i++) {
        const before = proxy.connections;
        proxy.kill();
        await waitFor('the worker to reconnect', () => proxy.connections > before, 30_000);
      }

      // Stopped: the worker keeps trying (each attempt is a refused connection at the proxy) instead of exiting.
      proxy.stop();
      const refusedFrom = proxy.connections;
      await ingestVendorEvents(env.pool, {
        vendor: 'sandbox',
        events: events.slice(6),
        rawBody: null,
        receivedAt: new Date(),
        source: 'WEBHOOK',
      });
      await waitFor(
        'the worker to retry while the database is down',
        () => proxy.connections >= refusedFrom + 5,
        60_000,
      );
      proxy.resume();

      await waitFor(
        'every event processed',
        async () =>
          (await env.db.vendorEvent.count({
            where: { vendorEventId: { in: events.map((e) => e.eventId) }, status: 'PROCESSED' },
          })) === events.length,
        // Bound for a loaded CI box; on this box it takes 20–60 s.
        300_000,
        jobStates,
      );
      const outages = await waitFor(
        'the outage counted',
        async () =>
          (
            await env.pool.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM metric_counter WHERE name = $1 AND labels::jsonb->>'process' = 'worker'`,
              [OUTAGES_TOTAL],
            )
          ).rows[0]!.n,
        60_000,
      );
      expect(outages).toBeGreaterThanOrEqual(1);
      expect(exited, 'the worker exited').toBeNull();
    },
  );
});
