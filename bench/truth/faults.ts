import { randomUUID } from 'node:crypto';
import { rmSync, symlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { LIMITS } from '../../lib/auth/sign-in-throttle';
import { descendantPids } from '../../monitor/browser';
import type { RunningStack } from '../../scripts/lib/stack';
import type { ChaosConversation } from '../chaos/load';
import { emptyTally, record, redeliver, send, signedMessage, type LoadTally } from '../chaos/load';
import type { FaultKind } from './kinds';
import type { TruthFault } from './score';

/** What the faults act on: the bench's own stack and the knobs it was started with. */
export interface FaultTarget {
  stack: RunningStack;
  /** An admin pool on the server's maintenance database (never on the product's, which a fault takes away). */
  admin: pg.Pool;
  /** The product's database name. */
  database: string;
  /** The symlink CHROMIUM_PATH points at, and the binary it stands for. */
  chromiumLink: string;
  chromium: string;
  /** The address the monitor's requests come from (MONITOR_JOURNEY_FORWARDED_FOR). */
  monitorAddress: string;
  conversations: ChaosConversation[];
  log: (line: string) => void;
}

/**
 * How long each held fault lasts: long enough for N = 2 counted failures of the check that sees it (a journey
 * that waits for the canary's webhook or email took 15–20 s per attempt on the loaded 2-core machine, and a failed
 * attempt is retried at once, so two counted failures take ~70 s).
 */
const HOLD_MS = { journey: 90_000, fastJourney: 75_000, probe: 30_000, ours: 45_000 } as const;
const WEBHOOK_DELAY_MS = 30_000;
const DATABASE_PAUSE_MS = 20_000;
/**
 * The backlog drill: 300 webhooks/s until our queue's oldest due job has waited `buildS` (the monitor's limit,
 * MONITOR_PIPELINE_MAX_AGE_SECONDS = 20, plus 15 s so two runs 5 s apart see it over), at most `maxMs`. A fixed
 * 5 s burst built no backlog once the batch worker kept up with it (docs/benchmarks.md § Truth): the drill now
 * makes sure the fault exists, and fails the run (exit 2) rather than score a fault that was never there.
 */
const BURST = { rate: 300, buildS: 35, maxMs: 60_000, inFlight: 256 };
/** Ticks of the burst not sent because `BURST.inFlight` requests were still open (our app not taking them). */
const skipped = { n: 0 };

/**
 * 300 signed webhooks/s until `stop` settles, with at most `BURST.inFlight` open at once: a request queued in this
 * process's HTTP agent would be signed long before it is sent (its timestamp stale past the 5-minute window) and
 * would keep the drill running long after it ended. Answers the events our app did not acknowledge.
 */
async function boundedBurst(t: FaultTarget, tally: LoadTally, stop: Promise<void>) {
  let stopped = false;
  void stop.then(() => (stopped = true));
  const url = `${t.stack.urls.app}/api/webhooks/chat`;
  const secret = t.stack.env.VENDOR_WEBHOOK_SECRET!;
  const unacked: ReturnType<typeof signedMessage>[] = [];
  const open = new Set<Promise<void>>();
  skipped.n = 0;
  const started = performance.now();
  for (let i = 0; !stopped; i++) {
    const wait = started + (i * 1000) / BURST.rate - performance.now();
    if (wait > 0) await sleep(wait);
    if (open.size >= BURST.inFlight) {
      skipped.n++;
      continue;
    }
    const event = signedMessage(secret, t.conversations[i % t.conversations.length]!, `burst${i}`);
    const sent: Promise<void> = send(url, { method: 'POST', headers: event.sign(), body: event.body }).then(
      (result) => {
        record(tally, event.id, result);
        if (result.status < 200 || result.status >= 300) unacked.push(event);
        open.delete(sent);
      },
    );
    open.add(sent);
  }
  await Promise.all(open);
  return unacked;
}

async function sandbox(stack: RunningStack, method: string, path: string, body?: object): Promise<unknown> {
  const response = await fetch(`${stack.urls.sandbox}${path}`, {
    method,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`sandbox ${method} ${path}: HTTP ${response.status}`);
  return response.json();
}

/** A vendor fault through the sandbox's fault API, held for holdMs; the times are the sandbox's own fault log. */
async function sandboxFault(t: FaultTarget, kind: FaultKind, holdMs: number, extra: object = {}): Promise<TruthFault> {
  const { fault } = (await sandbox(t.stack, 'POST', '/admin/faults', { mode: kind, ...extra })) as {
    fault: { id: string };
  };
  try {
    await sleep(holdMs);
  } finally {
    await sandbox(t.stack, 'DELETE', `/admin/faults/${fault.id}`);
  }
  const { history } = (await sandbox(t.stack, 'GET', '/admin/faults')) as {
    history: { id: string; startedAt: string; endedAt: string | null; delayMs: number | null }[];
  };
  const logged = history.find((f) => f.id === fault.id);
  if (!logged?.endedAt) throw new Error(`the sandbox's fault log has no end for ${kind} ${fault.id}`);
  // A delayed webhook still arrives late after the fault ends: the fault lasts until the last one is due.
  const tail = kind === 'webhooks-delay' ? (logged.delayMs ?? 0) : 0;
  return { kind, startedAt: new Date(logged.startedAt), endedAt: new Date(Date.parse(logged.endedAt) + tail) };
}

/** Runs `fn` between two timestamps of the bench's own log. */
async function ours(kind: FaultKind, fn: () => Promise<void>): Promise<TruthFault> {
  const startedAt = new Date();
  await fn();
  return { kind, startedAt, endedAt: new Date() };
}

/** How long our queue's oldest due job has waited (seconds), and how many are due. */
async function backlog(t: FaultTarget): Promise<{ pending: number; oldest: number }> {
  const client = new pg.Client({ connectionString: t.stack.databaseUrl, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ pending: number; oldest: number | null }>(
      `SELECT count(*)::int AS pending, extract(epoch FROM now() - min(run_at))::float8 AS oldest
       FROM graphile_worker._private_jobs WHERE run_at <= now() AND locked_at IS NULL AND attempts < max_attempts`,
    );
    return { pending: rows[0]!.pending, oldest: rows[0]!.oldest ?? 0 };
  } finally {
    await client.end();
  }
}

/** Injects one fault, holds it, ends it, and returns its ground truth. */
export const INJECT: Record<FaultKind, (t: FaultTarget) => Promise<TruthFault>> = {
  // The embed failing is seen at once; a webhook or an email only after the journey's wait.
  'ui-down': (t) => sandboxFault(t, 'ui-down', HOLD_MS.fastJourney),
  'ui-broken': (t) => sandboxFault(t, 'ui-broken', HOLD_MS.fastJourney),
  'webhooks-drop': (t) => sandboxFault(t, 'webhooks-drop', HOLD_MS.journey),
  'webhooks-delay': (t) => sandboxFault(t, 'webhooks-delay', HOLD_MS.journey, { delayMs: WEBHOOK_DELAY_MS }),
  'api-down': (t) => sandboxFault(t, 'api-down', HOLD_MS.probe),
  'mail-5xx': (t) => sandboxFault(t, 'mail-5xx', HOLD_MS.journey),

  'worker-stopped': (t) =>
    ours('worker-stopped', async () => {
      const pid = t.stack.pid('worker');
      if (!pid) throw new Error('the worker is not running');
      process.kill(pid, 'SIGSTOP');
      try {
        await sleep(HOLD_MS.ours);
      } finally {
        process.kill(pid, 'SIGCONT');
      }
    }),

  // The fault lasts from the burst's first request until the queue has caught up again (oldest due job ≤ 5 s).
  'worker-backlog': (t) =>
    ours('worker-backlog', async () => {
      const tally = emptyTally();
      let peak = 0;
      const built = (async () => {
        const deadline = Date.now() + BURST.maxMs;
        while (Date.now() < deadline) {
          const b = await backlog(t).catch(() => ({ pending: -1, oldest: 0 }));
          peak = Math.max(peak, b.oldest);
          if (b.oldest >= BURST.buildS) return;
          await sleep(1000);
        }
      })();
      const refused = await boundedBurst(t, tally, built);
      // What our app refused (503 under the burst) the vendor delivers again, as a vendor retries: it all ends in our queue.
      const left = await redeliver(`${t.stack.urls.app}/api/webhooks/chat`, refused, tally, 120_000);
      const deadline = Date.now() + 240_000;
      for (;;) {
        const b = await backlog(t).catch(() => ({ pending: -1, oldest: Infinity }));
        if (Number.isFinite(b.oldest)) peak = Math.max(peak, b.oldest);
        if (b.oldest <= 5) break;
        if (Date.now() > deadline) throw new Error(`the backlog did not drain in 240 s (${b.pending} due)`);
        await sleep(1000);
      }
      t.log(
        `burst: ${BURST.rate}/s offered (${skipped.n} not sent: ${BURST.inFlight} already in flight), ${tally.acknowledged.size} events acknowledged after redelivery (${tally.unavailable} × 503 on the way, ${left} never); oldest due job peaked at ${peak.toFixed(1)} s`,
      );
      if (peak < BURST.buildS)
        throw new Error(
          `the burst built no backlog: the oldest due job peaked at ${peak.toFixed(1)} s (< ${BURST.buildS} s) after ${BURST.maxMs / 1000} s at ${BURST.rate}/s`,
        );
    }),

  // Our database only (the sandbox keeps its own): new connections refused, open ones frozen (SIGSTOP).
  'database-paused': (t) =>
    ours('database-paused', async () => {
      const db = pg.escapeIdentifier(t.database);
      await t.admin.query(`ALTER DATABASE ${db} WITH ALLOW_CONNECTIONS false`);
      const { rows } = await t.admin.query<{ pid: number }>(
        'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [t.database],
      );
      const stopped: number[] = [];
      try {
        for (const { pid } of rows) {
          try {
            process.kill(pid, 'SIGSTOP');
            stopped.push(pid);
          } catch {
            // ended meanwhile
          }
        }
        await sleep(DATABASE_PAUSE_MS);
      } finally {
        for (const pid of stopped) {
          try {
            process.kill(pid, 'SIGCONT');
          } catch {
            // ended meanwhile
          }
        }
        await t.admin.query(`ALTER DATABASE ${db} WITH ALLOW_CONNECTIONS true`);
      }
    }),

  // Failed sign-ins from the monitor's address (one office NAT) lock it for the limiter's window.
  'sign-in-limiter': async (t) => {
    const startedAt = new Date();
    const origin = new URL(t.stack.urls.app).origin;
    let refused = 0;
    for (let i = 0; i <= LIMITS.address.max; i++) {
      const response = await fetch(`${t.stack.urls.app}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin, 'x-forwarded-for': t.monitorAddress },
        body: JSON.stringify({ email: `intruder-${randomUUID()}@truth.chatwatch.test`, password: 'not-the-password' }),
        signal: AbortSignal.timeout(10_000),
      });
      if (response.status === 429) refused++;
    }
    if (refused === 0) throw new Error('the limiter did not lock the address: the fault was not injected');
    // Locked until the window that began with the first failure ends.
    await sleep(Math.max(0, startedAt.getTime() + LIMITS.address.windowMs - Date.now()));
    return { kind: 'sign-in-limiter', startedAt, endedAt: new Date() };
  },

  // The package is gone and the running browser with it: the binary's path is removed, the monitor's Chromium ended.
  'browser-missing': (t) =>
    ours('browser-missing', async () => {
      rmSync(t.chromiumLink, { force: true });
      try {
        const monitor = t.stack.pid('monitor');
        if (monitor)
          for (const pid of await descendantPids(monitor)) {
            if (!/chrom/i.test(await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => ''))) continue;
            try {
              process.kill(pid, 'SIGKILL');
            } catch {
              // ended meanwhile
            }
          }
        await sleep(HOLD_MS.ours);
      } finally {
        symlinkSync(t.chromium, t.chromiumLink);
      }
    }),
};
