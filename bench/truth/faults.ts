import { randomUUID } from 'node:crypto';
import { rmSync, symlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { LIMITS } from '../../lib/auth/sign-in-throttle';
import { descendantPids } from '../../lib/browser/processes';
import type { RunningStack } from '../../scripts/lib/stack';
import type { ChaosConversation } from '../chaos/load';
import { buildBacklog } from './backlog';
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

  // The fault lasts from the burst's first webhook until our queue has caught up again (oldest due job ≤ 5 s).
  'worker-backlog': (t) =>
    ours('worker-backlog', async () => {
      const b = await buildBacklog(t.stack, t.conversations, t.log);
      t.log(
        `backlog: ${b.stored} webhooks stored, peak ${b.peakPending} jobs due, oldest due job ${b.peakOldestS.toFixed(1)} s; built in ${(b.builtInMs / 1000).toFixed(0)} s, drained in ${(b.drainedInMs / 1000).toFixed(0)} s`,
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
