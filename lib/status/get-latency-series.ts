import type { Db } from '../db/client';
import type { LatencyPoint } from './types';

/** The check whose duration is the journey time (monitor/checks). */
export const JOURNEY_CHECK = 'chat-journey';

type Row = { hour: Date; p50: number | null; p95: number | null; n: number };

/** 24 hourly points ending with the current hour; hours without samples have null percentiles. */
function hourly(rows: Row[], now: Date): LatencyPoint[] {
  const currentHour = Math.floor(now.getTime() / 3_600_000) * 3_600_000;
  const byHour = new Map(rows.map((r) => [r.hour.getTime(), r]));
  return Array.from({ length: 24 }, (_, i) => {
    const at = currentHour - (23 - i) * 3_600_000;
    const row = byHour.get(at);
    return { at: new Date(at), p50Ms: row?.p50 ?? null, p95Ms: row?.p95 ?? null, samples: row?.n ?? 0 };
  });
}

/** p50/p95 of passed chat journeys per hour over the last 24 h. */
export async function getJourneyLatency(db: Db, now: Date): Promise<LatencyPoint[]> {
  const since = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000 - 23 * 3_600_000);
  const rows = await db.$queryRaw<Row[]>`
    SELECT date_trunc('hour', "startedAt", 'UTC') AS hour,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY "durationMs") AS p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY "durationMs") AS p95,
           count(*)::int AS n
    FROM check_run
    WHERE "check" = ${JOURNEY_CHECK} AND status = 'PASSED' AND "startedAt" >= ${since} AND "durationMs" IS NOT NULL
    GROUP BY 1`;
  return hourly(rows, now);
}

/** p50/p95 of webhook lag (received − occurred) per hour over the last 24 h, for one vendor. */
export async function getWebhookLag(db: Db, now: Date, vendor: string): Promise<LatencyPoint[]> {
  const since = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000 - 23 * 3_600_000);
  const rows = await db.$queryRaw<Row[]>`
    SELECT date_trunc('hour', "receivedAt", 'UTC') AS hour,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY lag) AS p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY lag) AS p95,
           count(*)::int AS n
    FROM (SELECT "receivedAt", GREATEST(0, extract(epoch FROM ("receivedAt" - "occurredAt")) * 1000) AS lag
          FROM vendor_event WHERE source = 'WEBHOOK' AND vendor = ${vendor} AND "receivedAt" >= ${since}) e
    GROUP BY 1`;
  return hourly(rows, now);
}
