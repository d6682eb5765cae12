import type { Db } from '../db/client';

export interface RumSummary {
  /** First attempts only: a page's background retries while the fallback shows would count one outage many times. */
  attempts: number;
  ready: number;
  timeouts: number;
  errors: number;
  successRate: number | null;
  p50LoadMs: number | null;
  p95LoadMs: number | null;
}

/** Real users' chat embed loads over the last `hours` (RUM beacons). */
export async function getRumSummary(db: Db, now: Date, hours = 24): Promise<RumSummary> {
  const since = new Date(now.getTime() - hours * 3_600_000);
  const [row] = await db.$queryRaw<
    { attempts: number; ready: number; timeouts: number; errors: number; p50: number | null; p95: number | null }[]
  >`
    SELECT count(*)::int AS attempts,
           count(*) FILTER (WHERE result = 'READY')::int AS ready,
           count(*) FILTER (WHERE result = 'TIMEOUT')::int AS timeouts,
           count(*) FILTER (WHERE result = 'ERROR')::int AS errors,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY "loadMs") FILTER (WHERE result = 'READY') AS p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY "loadMs") FILTER (WHERE result = 'READY') AS p95
    FROM chat_embed_beacon
    WHERE "receivedAt" >= ${since} AND NOT retry`;
  const r = row ?? { attempts: 0, ready: 0, timeouts: 0, errors: 0, p50: null, p95: null };
  return {
    attempts: r.attempts,
    ready: r.ready,
    timeouts: r.timeouts,
    errors: r.errors,
    successRate: r.attempts > 0 ? r.ready / r.attempts : null,
    p50LoadMs: r.p50 === null ? null : Math.round(r.p50),
    p95LoadMs: r.p95 === null ? null : Math.round(r.p95),
  };
}
