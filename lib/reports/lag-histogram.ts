// Webhook lag percentiles over weeks and months cannot be averaged from daily ones, and re-reading every event
// of 90 days is the raw scan reports must avoid. Each day keeps a histogram of logarithmic buckets instead,
// which add up exactly across days; a percentile read from the sum is off by less than one bucket's width.

/** Bucket i holds lags in [RATIO^i, RATIO^(i+1)) ms; bucket 0 also holds 0–1 ms, the last everything above. */
export const LAG_BUCKET_RATIO = 1.25;
/** 1.25^71 ms ≈ 2 h: longer lags share the last bucket. */
export const LAG_BUCKETS = 72;

/** The bucket of one lag (for tests and in-memory use; the SQL does the same with ln()). */
export function lagBucket(lagMs: number): number {
  if (!(lagMs >= 1)) return 0;
  return Math.min(LAG_BUCKETS - 1, Math.floor(Math.log(lagMs) / Math.log(LAG_BUCKET_RATIO)));
}

/** SQL for the bucket of a lag expression in ms, matching lagBucket(). */
export function lagBucketSql(lagMsExpression: string): string {
  return `LEAST(${LAG_BUCKETS - 1}, GREATEST(0, floor(ln(GREATEST(${lagMsExpression}, 1)) / ln(${LAG_BUCKET_RATIO}))::int))`;
}

export function emptyHistogram(): number[] {
  return new Array<number>(LAG_BUCKETS).fill(0);
}

export function addHistograms(into: number[], other: readonly number[]): number[] {
  for (let i = 0; i < LAG_BUCKETS; i++) into[i] = (into[i] ?? 0) + (other[i] ?? 0);
  return into;
}

/** The q-quantile (0..1) of a histogram, interpolated geometrically inside its bucket; null when empty. */
export function histogramQuantile(histogram: readonly number[], q: number): number | null {
  const total = histogram.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    const count = histogram[i] ?? 0;
    if (count === 0 || seen + count < rank) {
      seen += count;
      continue;
    }
    const fraction = Math.min(1, Math.max(0, (rank - seen) / count));
    if (i === 0) return fraction * LAG_BUCKET_RATIO;
    const low = LAG_BUCKET_RATIO ** i;
    return low * LAG_BUCKET_RATIO ** fraction;
  }
  return LAG_BUCKET_RATIO ** (histogram.length - 1);
}
