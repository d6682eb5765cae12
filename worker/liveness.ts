import pg from 'pg';
import type { Logger } from 'pino';
import { backoffDelay } from '../lib/retry';

// graphile-worker leaves the jobs of a worker that died without stopping (SIGKILL, OOM, power loss) locked for
// four hours. Each of our worker pools therefore holds a session advisory lock named after its pool id on a
// connection of its own: PostgreSQL releases it the moment that process's connection drops. Any worker can then
// tell a dead pool (its lock is free) from a live one and unlock the dead pool's jobs at once.

const LOCK_CLASS = 0x4357; // "CW": keeps these locks apart from other advisory locks (two-key form).
/** A job locked more recently than this may belong to a pool still taking its lock; leave it alone. */
const GRACE_SECONDS = 15;

/**
 * Pools alive in THIS process. While the database is away their lock connections drop too, and until they are
 * back this process's own sweep must not mistake its running pools for dead ones and release their jobs.
 */
const ownPools = new Set<string>();

export interface Liveness {
  release(): Promise<void>;
}

/** Holds the liveness lock of `poolId` until release() (or until this process dies); reconnects if the connection fails. */
export function holdWorkerLiveness(connectionString: string, poolId: string, log: Logger): Liveness {
  ownPools.add(poolId);
  let client: pg.Client | undefined;
  let released = false;
  let failures = 0;
  // Until the lock is held again, other workers may take this pool for dead and release its jobs: retry with
  // back-off for as long as it takes (a database outage), never give up while the pool lives.
  const retry = () => {
    if (released) return;
    failures++;
    setTimeout(() => void connect(), backoffDelay(Math.min(failures, 10), 500, 15_000)).unref();
  };
  const connect = async (): Promise<void> => {
    if (released) return;
    const next = new pg.Client({
      connectionString,
      application_name: `chatwatch-worker-liveness ${poolId}`,
      connectionTimeoutMillis: 5000,
      query_timeout: 10_000,
    });
    let lost = false;
    next.on('error', (error) => {
      if (lost) return;
      lost = true;
      log.warn({ err: error, poolId }, 'worker liveness connection lost; reconnecting');
      void next.end().catch(() => undefined);
      retry();
    });
    try {
      await next.connect();
      await next.query('SELECT pg_advisory_lock($1, hashtext($2))', [LOCK_CLASS, poolId]);
      client = next;
      failures = 0;
      if (released) await next.end().catch(() => undefined);
    } catch (error) {
      if (lost) return;
      lost = true;
      log.debug({ err: error, poolId }, 'could not take the worker liveness lock; retrying');
      void next.end().catch(() => undefined);
      retry();
    }
  };
  void connect();
  return {
    async release() {
      released = true;
      ownPools.delete(poolId);
      await client?.end().catch(() => undefined);
    },
  };
}

/** Unlocks every job and queue held by a worker pool whose process is gone. Returns the dead pool ids. */
export async function releaseJobsOfDeadWorkers(connectionString: string): Promise<string[]> {
  const client = new pg.Client({
    connectionString,
    application_name: 'chatwatch-worker-sweeper',
    connectionTimeoutMillis: 5000,
    query_timeout: 10_000,
  });
  client.on('error', () => undefined); // a lost connection fails the query below; the listener keeps it from crashing the process
  try {
    await client.connect();
    const { rows } = await client.query<{ locked_by: string }>(
      `SELECT DISTINCT locked_by FROM graphile_worker._private_jobs WHERE locked_by IS NOT NULL AND locked_at < now() - make_interval(secs => $1)
       UNION SELECT DISTINCT locked_by FROM graphile_worker._private_job_queues WHERE locked_by IS NOT NULL AND locked_at < now() - make_interval(secs => $1)`,
      [GRACE_SECONDS],
    );
    const dead: string[] = [];
    for (const { locked_by: poolId } of rows) {
      if (ownPools.has(poolId)) continue;
      const { rows: probe } = await client.query<{ free: boolean }>(
        'SELECT pg_try_advisory_lock($1, hashtext($2)) AS free',
        [LOCK_CLASS, poolId],
      );
      if (!probe[0]?.free) continue;
      await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_CLASS, poolId]);
      dead.push(poolId);
    }
    if (dead.length > 0) await client.query('SELECT graphile_worker.force_unlock_workers($1::text[])', [dead]);
    return dead;
  } finally {
    await client.end().catch(() => undefined);
  }
}
