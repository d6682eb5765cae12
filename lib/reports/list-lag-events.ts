import { z } from 'zod';
import { ValidationError } from '../errors';
import type { ReportContext } from './build-report';
import { addHistograms, emptyHistogram, histogramQuantile, LAG_BUCKET_RATIO, lagBucket } from './lag-histogram';
import type { ReportQuery } from './report-query';
import { loadDailyFigures } from './rollup/load-daily-figures';

export const lagEventsInput = z.object({
  percentile: z.coerce.number().pipe(z.union([z.literal(50), z.literal(95), z.literal(99)])),
});

/** The most events one drill-down lists (the largest lags first); `total` says how many there are. */
export const MAX_LAG_EVENTS = 500;

export interface LagEvents {
  vendor: string;
  percentile: 50 | 95 | 99;
  /** The percentile as the report shows it (the same merged-histogram computation), ms. */
  valueMs: number | null;
  /** Lower bound of the histogram bucket holding it: every event listed has at least this lag, ms. */
  fromMs: number | null;
  total: number;
  events: { vendorEventId: string; type: string; occurredAt: Date; receivedAt: Date; lagMs: number }[];
}

/**
 * The webhook events behind a lag percentile of a report: the percentile is computed exactly as the report
 * computes it (merged daily histograms), then every webhook event of the range in its bucket or above is
 * listed, largest lag first, so a manager can check the figure against the events that make it.
 */
export async function listLagEvents({
  ctx,
  input,
}: {
  ctx: ReportContext;
  input: { query: ReportQuery; vendor: string; percentile: unknown };
}): Promise<LagEvents> {
  const parsed = lagEventsInput.safeParse({ percentile: input.percentile });
  if (!parsed.success) throw ValidationError.fromZod(parsed.error);
  const { percentile } = parsed.data;
  const { query, vendor } = input;
  const figures = await loadDailyFigures(ctx.db, query.from, query.to);
  const histogram = figures.vendors
    .filter((v) => v.vendor === vendor)
    .reduce((h, v) => addHistograms(h, v.lagHistogram), emptyHistogram());
  const value = histogramQuantile(histogram, percentile / 100);
  if (value === null) return { vendor, percentile, valueMs: null, fromMs: null, total: 0, events: [] };
  const bucket = lagBucket(value);
  const fromMs = bucket === 0 ? 0 : LAG_BUCKET_RATIO ** bucket;
  const lag = `GREATEST(0, extract(epoch FROM ("receivedAt" - "occurredAt")) * 1000)`;
  const [rows, [count]] = await Promise.all([
    ctx.db.$queryRawUnsafe<
      { vendorEventId: string; type: string; occurredAt: Date; receivedAt: Date; lagMs: number }[]
    >(
      `SELECT "vendorEventId", type, "occurredAt", "receivedAt", round(${lag})::int AS "lagMs" FROM vendor_event
       WHERE vendor = $1 AND source = 'WEBHOOK' AND "receivedAt" >= $2 AND "receivedAt" < $3 AND ${lag} >= $4
       ORDER BY ${lag} DESC LIMIT ${MAX_LAG_EVENTS}`,
      vendor,
      query.from,
      query.to,
      fromMs,
    ),
    ctx.db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM vendor_event WHERE vendor = $1 AND source = 'WEBHOOK' AND "receivedAt" >= $2 AND "receivedAt" < $3 AND ${lag} >= $4`,
      vendor,
      query.from,
      query.to,
      fromMs,
    ),
  ]);
  return {
    vendor,
    percentile,
    valueMs: Math.round(value),
    fromMs: Math.floor(fromMs),
    total: count?.n ?? 0,
    events: rows,
  };
}
