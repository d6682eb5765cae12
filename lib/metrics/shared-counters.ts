import type { SqlExecutor } from '../jobs/enqueue';

// Counters kept in PostgreSQL (table metric_counter) instead of process memory. The worker does the email work
// but /api/metrics is served by the web app; writing the increment in the same transaction as the work makes
// the count exact, shared by every replica, and restart-proof. Rows are append-only deltas (no hot row to lock).

export type Labels = Record<string, string>;

/** Labels as stored: JSON with sorted keys, so one label set is always one string. */
export function canonicalLabels(labels: Labels): string {
  return JSON.stringify(Object.fromEntries(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b))));
}

const INSERT =
  'INSERT INTO metric_counter (name, labels, value) SELECT * FROM unnest($1::text[], $2::text[], $3::float8[])';

/** Adds `value` to the counter `name{labels}` inside the caller's transaction. */
export async function addToSharedCounter(
  executor: SqlExecutor,
  name: string,
  labels: Labels,
  value = 1,
): Promise<void> {
  await executor.query(INSERT, [[name], [canonicalLabels(labels)], [value]]);
}

/** Records one observation of a histogram (`_bucket` per upper bound, `_sum`, `_count`) inside the caller's transaction. */
export async function observeSharedHistogram(
  executor: SqlExecutor,
  name: string,
  buckets: readonly number[],
  labels: Labels,
  value: number,
): Promise<void> {
  const names: string[] = [];
  const labelSets: string[] = [];
  const values: number[] = [];
  for (const le of [...buckets.filter((b) => value <= b).map(String), '+Inf']) {
    names.push(`${name}_bucket`);
    labelSets.push(canonicalLabels({ ...labels, le }));
    values.push(1);
  }
  names.push(`${name}_sum`, `${name}_count`);
  labelSets.push(canonicalLabels(labels), canonicalLabels(labels));
  values.push(value, 1);
  await executor.query(INSERT, [names, labelSets, values]);
}

/** Something that can run a query and return rows (a pg Pool or Client). */
export interface SqlReader {
  query<R extends Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

export interface SeriesValue {
  name: string;
  labels: Labels;
  value: number;
}

/** Current totals of the given series names. */
export async function readSharedSeries(reader: SqlReader, names: readonly string[]): Promise<SeriesValue[]> {
  const { rows } = await reader.query<{ name: string; labels: string; value: number }>(
    'SELECT name, labels, sum(value)::float8 AS value FROM metric_counter WHERE name = ANY($1::text[]) GROUP BY name, labels ORDER BY name, labels',
    [names],
  );
  return rows.map((row) => ({ name: row.name, labels: JSON.parse(row.labels) as Labels, value: row.value }));
}

/**
 * Folds the deltas into one row per series once there are more than `threshold` rows. One compaction at a
 * time (advisory lock); increments committed meanwhile are new rows and are simply left for the next run.
 */
export async function compactSharedCounters(client: SqlReader, threshold = 5000): Promise<boolean> {
  const { rows } = await client.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM (SELECT 1 FROM metric_counter LIMIT $1) t',
    [threshold + 1],
  );
  if ((rows[0]?.n ?? 0) <= threshold) return false;
  const { rows: done } = await client.query<{ locked: boolean }>(
    `WITH lock AS (SELECT pg_try_advisory_xact_lock(hashtext('chatwatch:metric_counter:compact')) AS locked),
     moved AS (DELETE FROM metric_counter WHERE (SELECT locked FROM lock) RETURNING name, labels, value)
     , folded AS (INSERT INTO metric_counter (name, labels, value) SELECT name, labels, sum(value) FROM moved GROUP BY name, labels RETURNING 1)
     SELECT (SELECT locked FROM lock) AS locked, (SELECT count(*) FROM folded) AS folded`,
  );
  return done[0]?.locked ?? false;
}
