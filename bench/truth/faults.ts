import { randomUUID } from 'node:crypto';
import { rmSync, symlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { LIMITS } from '../../lib/auth/sign-in-throttle';
import { descendantPids } from '../../lib/browser/processes';
import type { RunningStack } from '../../scripts/lib/stack';
import type { ChaosConversation } from '../chaos/load';
import { buildBacklog, prepareBacklog } from './backlog';
import { holdForCountedRuns, RUNS_TO_HOLD } from './hold';
import { KINDS, type FaultKind } from './kinds';
import type { TruthFault } from './score';

/** What the faults act on: the bench's own stack and the knobs it was started with. */
export interface FaultTarget {
  stack: RunningStack;
  /** An admin pool on the server's maintenance database (never on the product's, which a fault takes away). */
  admin: pg.Pool;
  /** The product's database name. */
  database: string;
  /** A pool on the product's database: the hold reads check_run there. */
  db: pg.Pool;
  /** The bound on a vendor fault's hold (bench option --max-hold). */
  maxHoldMs: number;
  /** The symlink CHROMIUM_PATH points at, and the binary it stands for. */
  chromiumLink: string;
  chromium: string;
  /** The address the monitor's requests come from (MONITOR_JOURNEY_FORWARDED_FOR). */
  monitorAddress: string;
  conversations: ChaosConversation[];
  log: (line: string) => void;
}

/**
 * How long each of our own faults lasts. A vendor fault is held until two counted runs of the check it is aimed
 * at have ended after its injection (./hold.ts), bounded by FaultTarget.maxHoldMs: on a loaded host a journey can
 * take 25–50 s, so any fixed hold is either too short there or needlessly long elsewhere.
 */
const HOLD_MS = { ours: 45_000 } as const;
const WEBHOOK_DELAY_MS = 30_000;
const DATABASE_PAUSE_MS = 20_000;
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

/**
 * A vendor fault through the sandbox's fault API, held until two counted runs of its aimed check have ended (or
 * the bound: then the fault is marked not observed, with the reason); the times are the sandbox's own fault log.
 */
async function sandboxFault(t: FaultTarget, kind: FaultKind, extra: object = {}): Promise<TruthFault> {
  const check = KINDS[kind].aimedAt;
  if (!check) throw new Error(`${kind} names no check it is aimed at (bench/truth/kinds.ts)`);
  const { fault } = (await sandbox(t.stack, 'POST', '/admin/faults', { mode: kind, ...extra })) as {
    fault: { id: string };
  };
  let notObserved: string | undefined;
  try {
    const hold = await holdForCountedRuns(t.db, {
      check,
      since: new Date(),
      runs: RUNS_TO_HOLD,
      maxMs: t.maxHoldMs,
    });
    t.log(
      hold.observed
        ? `${kind}: held ${(hold.heldMs / 1000).toFixed(1)} s, until ${RUNS_TO_HOLD} counted ${check} runs ended`
        : `⚠ ${kind}: not observed: ${hold.reason}`,
    );
    if (!hold.observed) notObserved = hold.reason;
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
  return {
    kind,
    startedAt: new Date(logged.startedAt),
    endedAt: new Date(Date.parse(logged.endedAt) + tail),
    ...(notObserved ? { notObserved } : {}),
  };
}

/** Runs `fn` between two timestamps of the bench's own log. */
async function ours(kind: FaultKind, fn: () => Promise<void>): Promise<TruthFault> {
  const startedAt = new Date();
  await fn();
  return { kind, startedAt, endedAt: new Date() };
}

/** Injects one fault, holds it, ends it, and returns its ground truth. */
export const INJECT: Record<FaultKind, (t: FaultTarget) => Promise<TruthFault>> = {
  'ui-down': (t) => sandboxFault(t, 'ui-down'),
  'ui-broken': (t) => sandboxFault(t, 'ui-broken'),
  'webhooks-drop': (t) => sandboxFault(t, 'webhooks-drop'),
  'webhooks-delay': (t) => sandboxFault(t, 'webhooks-delay', { delayMs: WEBHOOK_DELAY_MS }),
  'api-down': (t) => sandboxFault(t, 'api-down'),
  'mail-5xx': (t) => sandboxFault(t, 'mail-5xx'),

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

  // The fault lasts from the burst's first webhook until our queue has caught up again (oldest due job ≤ 5 s).
  // The vendor's backlog is made (signed, verified, parsed) before the fault's start is taken.
  'worker-backlog': async (t) => {
    const prepared = await prepareBacklog(t.stack, t.conversations);
    t.log(`backlog: ${prepared.length} webhooks prepared`);
    return ours('worker-backlog', async () => {
      const b = await buildBacklog(t.stack, prepared, t.log);
      t.log(
        `backlog: ${b.stored} webhooks stored, peak ${b.peakPending} jobs due, oldest due job ${b.peakOldestS.toFixed(1)} s; built in ${(b.builtInMs / 1000).toFixed(0)} s, drained in ${(b.drainedInMs / 1000).toFixed(0)} s`,
      );
    });
  },

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
