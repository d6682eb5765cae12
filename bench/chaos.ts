// `npm run chaos [-- --short]`: a stack of its own (ports of its own), the faults of issue 12 under webhook load from
// loopback, and per fault: requests sent / acknowledged / 503 / 5xx / stored / lost / duplicated / emails expected /
// in the mailbox / processes restarted / longest request. Exits non-zero when anything is lost, duplicated, a 5xx,
// a request longer than 5 s, or the stack no longer serves. docs/benchmarks.md § Chaos explains each fault.
import { rmSync } from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { startStack, type RunningStack } from '../scripts/lib/stack';
import { freezePostgres, killOneBackend, killWorker, stopPostgres } from './chaos/faults';
import { hostileInputs } from './chaos/hostile';
import { probePages } from './chaos/pages';
import { makeConversations } from './chaos/conversations';
import { emptyTally, redeliver, send, webhookLoad, type LoadTally } from './chaos/load';
import { formatReport, measure, type FaultRow } from './chaos/measure';

const root = path.resolve(import.meta.dirname, '..');
const short = process.argv.includes('--short');
const PORTS = {
  web: Number(process.env.CHAOS_WEB_PORT ?? 3300),
  sandbox: Number(process.env.CHAOS_SANDBOX_PORT ?? 4300),
  metrics: Number(process.env.CHAOS_METRICS_PORT ?? 9664),
  pg: Number(process.env.CHAOS_PG_PORT ?? 54359),
  sandboxPg: Number(process.env.CHAOS_SANDBOX_PG_PORT ?? 54360),
};
const SHAPE = short
  ? { freezeMs: 5000, stopMs: 3000, rate: 15, settleMs: 90_000, redeliverMs: 120_000 }
  : { freezeMs: 20_000, stopMs: 20_000, rate: 40, settleMs: 180_000, redeliverMs: 180_000 };
const MAX_REQUEST_MS = 5000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const log = (line: string) => process.stdout.write(`\x1b[1mchaos |\x1b[0m ${line}\n`);

/** True when something already listens on `port` (another stack): chaos must never fault someone else's. */
function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

const totalRestarts = (stack: RunningStack) => Object.values(stack.restarts()).reduce((a, b) => a + b, 0);

async function main(): Promise<number> {
  const busy = (
    await Promise.all(Object.entries(PORTS).map(async ([name, port]) => [name, port, await portInUse(port)] as const))
  ).filter(([, , used]) => used);
  if (busy.length > 0) {
    log(
      `ports already in use, not starting: ${busy.map(([name, port]) => `${name} ${port}`).join(', ')} (set CHAOS_*_PORT)`,
    );
    return 1;
  }
  const dataDir = path.join(root, '.data', 'chaos');
  rmSync(path.join(dataDir, 'pg'), { recursive: true, force: true });
  rmSync(path.join(dataDir, 'sandbox-pg'), { recursive: true, force: true });
  log(
    `${short ? 'short' : 'full'} run on ports web ${PORTS.web}, sandbox ${PORTS.sandbox}, metrics ${PORTS.metrics}, PostgreSQL ${PORTS.pg}`,
  );
  const stack = await startStack({
    name: 'chaos',
    dataDir,
    webPort: PORTS.web,
    sandboxPort: PORTS.sandbox,
    metricsPort: PORTS.metrics,
    pgPort: PORTS.pg,
    database: 'chatwatch_chaos',
    // The vendor and SendGrid never share our database server: freezing or stopping ours must leave them running.
    sandboxPgPort: PORTS.sandboxPg,
    seed: false,
    distDir: '.data/chaos/next',
    // No browser journey (load of its own); unread emails at once, so every message has its email in the run.
    env: {
      NODE_ENV: 'production',
      MONITOR_CHECKS: 'vendor-api',
      UNREAD_EMAIL_DELAY_SECONDS: '0',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      LOG_PRETTY: 'false',
    },
  });
  // Stopped from outside (npm test's stage bound, Ctrl-C): stop the stack we started, then exit.
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.once(signal, () => {
      log(`${signal}: stopping the chaos stack`);
      void stack.stop().finally(() => process.exit(1));
    });
  const db = new pg.Pool({
    connectionString: stack.databaseUrl,
    max: 3,
    connectionTimeoutMillis: 5000,
    query_timeout: 30_000,
  });
  db.on('error', () => undefined);
  // The sandbox's mailbox is on its own server (sandboxPgPort), which no fault touches.
  const sandboxDb = new pg.Pool({ connectionString: stack.sandboxDatabaseUrl, max: 2, connectionTimeoutMillis: 5000 });
  sandboxDb.on('error', () => undefined);
  const rows: FaultRow[] = [];
  try {
    const secret = stack.env.VENDOR_WEBHOOK_SECRET!;
    const webhookUrl = `${stack.urls.app}/api/webhooks/chat`;
    const { conversations, ids } = await makeConversations(stack.databaseUrl, 20);

    /** Runs `fault` under load, redelivers what was refused, settles, and records a row. */
    const underLoad = async (
      name: string,
      fault: (tally: LoadTally) => Promise<void>,
      rate = SHAPE.rate,
      pages = false,
    ) => {
      log(`${name}…`);
      const tally = emptyTally();
      const restartsBefore = totalRestarts(stack);
      const since = new Date();
      // This process's own event-loop delay: a request is timed here, so when this loop is starved (a loaded
      // machine), the time it adds is in every figure below. Printed beside the longest request to tell them apart.
      const lag = monitorEventLoopDelay({ resolution: 20 });
      lag.enable();
      let done!: () => void;
      const until = new Promise<void>((resolve) => (done = resolve));
      const load = webhookLoad({
        url: webhookUrl,
        secret,
        rate,
        conversations,
        label: name.replace(/\W+/g, ''),
        tally,
        until,
      });
      await sleep(2000);
      let faultOver = false;
      const pageProbe = pages ? probePages(stack.urls.app, tally, () => faultOver) : Promise.resolve();
      try {
        await fault(tally);
      } finally {
        faultOver = true;
        await sleep(3000);
        done();
      }
      await pageProbe;
      const refused = await load;
      const longestUnderFaultMs = tally.longestMs;
      lag.disable();
      const loadAverage = os.loadavg().map((n) => n.toFixed(1));
      await redeliver(webhookUrl, refused, tally, SHAPE.redeliverMs);
      const counts = await measure({ db, sandboxDb }, tally, { conversationIds: ids, since, withinMs: SHAPE.settleMs });
      rows.push({
        fault: name,
        sent: tally.sent,
        acknowledged: tally.acknowledged.size,
        unavailable: tally.unavailable,
        serverErrors: tally.serverErrors,
        ...counts,
        restarted: totalRestarts(stack) - restartsBefore,
        longestMs: tally.longestMs,
        ...(pages
          ? { pages: Object.fromEntries(Object.entries(tally.other).filter(([key]) => key.startsWith('page '))) }
          : {}),
      });
      log(formatReport(rows.slice(-1)).split('\n')[1]!);
      // Where the longest request was (under the fault, or in the redelivery of what was refused), and answers
      // the table has no column for (no answer within 30 s, other statuses, health probes over 2 s).
      log(
        `  longest under the fault ${Math.round(longestUnderFaultMs)} ms, overall (redelivery included) ${Math.round(tally.longestMs)} ms; this process's event-loop delay under the fault max ${Math.round(lag.max / 1e6)} ms; load average ${loadAverage.join(' ')}; other: ${JSON.stringify(tally.other)}${
          counts.missingEmails && Object.keys(counts.missingEmails).length
            ? `; emails not in the mailbox: ${JSON.stringify(counts.missingEmails)}`
            : ''
        }`,
      );
    };

    // Warm-up, not measured: `next start` loads each route's code on its first request (seconds on a loaded box),
    // which is start-up cost, not a fault's. One request to every surface the run measures, then the faults.
    const warm = emptyTally();
    await Promise.all([
      webhookLoad({
        url: webhookUrl,
        secret,
        rate: 5,
        conversations,
        label: 'warmup',
        tally: warm,
        until: sleep(2000),
      }),
      probePages(stack.urls.app, warm, () => warm.sent > 0),
      send(`${stack.urls.app}/api/health`, { method: 'GET' }),
    ]);
    log(`warm-up: ${warm.acknowledged.size}/${warm.sent} webhooks acknowledged (not counted below)`);
    await underLoad('baseline', () => sleep(3000));
    await underLoad(
      `freeze ${SHAPE.freezeMs / 1000}s`,
      async (tally) => {
        const health = (async () => {
          // /api/health answers within 2 s, always: probe it through the freeze.
          for (let i = 0; i < SHAPE.freezeMs / 2000; i++) {
            const r = await send(`${stack.urls.app}/api/health`, { method: 'GET' });
            tally.longestMs = Math.max(tally.longestMs, r.ms);
            if (r.ms > 2000) tally.other['health over 2 s'] = (tally.other['health over 2 s'] ?? 0) + 1;
            await sleep(1000);
          }
        })();
        await Promise.all([freezePostgres(stack, SHAPE.freezeMs), health]);
      },
      SHAPE.rate,
      true,
    );
    await underLoad(
      `stop ${SHAPE.stopMs / 1000}s x3`,
      async () => {
        for (let i = 0; i < 3; i++) {
          await stopPostgres(stack, SHAPE.stopMs);
          await sleep(3000);
        }
      },
      SHAPE.rate,
      true,
    );
    await underLoad('kill -9 backend', async () => {
      await killOneBackend(stack);
      await sleep(5000);
    });
    await underLoad(
      'worker SIGKILL in back-off',
      async () => {
        await send(`${stack.urls.sandbox}/admin/faults`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ mode: 'mail-5xx', probability: 0.6, durationMs: 20_000 }),
        });
        await sleep(4000);
        killWorker(stack);
        await sleep(6000);
        await send(`${stack.urls.sandbox}/admin/faults`, { method: 'DELETE' });
      },
      10,
    );
    await underLoad('hostile inputs', (tally) => hostileInputs(stack.urls.app, secret, tally));

    const health = await send(`${stack.urls.app}/api/health`, { method: 'GET' });
    // The page gate lifted too (a page that needs no sign-in renders again).
    const page = await send(`${stack.urls.app}/sign-in`, { method: 'GET' });
    const serving = health.status === 200 && page.status === 200;
    console.log(
      `\n${formatReport(rows)}\n\nstill serving after all faults: ${serving ? 'yes' : `NO (health ${health.status}, /sign-in ${page.status})`} · restarts per process: ${JSON.stringify(stack.restarts())}`,
    );
    const failures = rows.flatMap((r) => [
      ...(r.lost ? [`${r.fault}: ${r.lost} lost (acknowledged, not stored)`] : []),
      ...(r.refused ? [`${r.fault}: ${r.refused} never accepted within the redelivery window`] : []),
      ...(r.duplicated ? [`${r.fault}: ${r.duplicated} duplicated`] : []),
      ...(r.serverErrors ? [`${r.fault}: ${r.serverErrors} × 5xx`] : []),
      ...(r.longestMs > MAX_REQUEST_MS ? [`${r.fault}: a request took ${Math.round(r.longestMs)} ms`] : []),
      ...(r.emailsInMailbox < r.emailsExpected
        ? [`${r.fault}: ${r.emailsExpected - r.emailsInMailbox} emails not in the mailbox`]
        : []),
    ]);
    if (!serving) failures.push('the stack no longer serves');
    // The page outage gate, in the production build: pages answered 503 + Retry-After during the outages.
    for (const r of rows.filter((row) => row.pages))
      if (!r.pages!['page 503']) failures.push(`${r.fault}: no page was answered 503 during the outage`);
    for (const r of rows)
      if (r.pages?.['page 503 without Retry-After'])
        failures.push(`${r.fault}: ${r.pages['page 503 without Retry-After']} page 503s without Retry-After`);
    console.log(
      failures.length
        ? `\n✖ ${failures.join('\n✖ ')}`
        : '\n✔ nothing lost, nothing duplicated, no 5xx, no request over 5 s, still serving',
    );
    return failures.length ? 1 : 0;
  } finally {
    await db.end().catch(() => undefined);
    await sandboxDb.end().catch(() => undefined);
    await stack.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
