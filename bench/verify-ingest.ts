import pg from 'pg';

export interface IngestCheck {
  acknowledged: number;
  lost: number;
  duplicated: number;
  jobsMissing: number;
  jobsDuplicated: number;
}

/** Every 2xx-acknowledged event must be stored exactly once and be listed in exactly one processing job. */
export async function verifyIngest(databaseUrl: string, acknowledged: string[]): Promise<IngestCheck> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; rows: number; jobs: number }>(
      `WITH queued AS (
         SELECT j.id AS job_id, ids.event_id FROM graphile_worker._private_jobs j, json_array_elements_text(j.payload->'eventIds') AS ids(event_id))
       SELECT a.id, count(DISTINCT e.id)::int AS rows, count(q.job_id)::int AS jobs
       FROM unnest($1::text[]) AS a(id)
       LEFT JOIN vendor_event e ON e.vendor = 'sandbox' AND e."vendorEventId" = a.id
       LEFT JOIN queued q ON q.event_id = e.id::text
       GROUP BY a.id`,
      [[...new Set(acknowledged)]],
    );
    return {
      acknowledged: acknowledged.length,
      lost: rows.filter((r) => r.rows === 0).length,
      duplicated: rows.filter((r) => r.rows > 1).length,
      jobsMissing: rows.filter((r) => r.rows === 1 && r.jobs === 0).length,
      jobsDuplicated: rows.filter((r) => r.jobs > 1).length,
    };
  } finally {
    await client.end();
  }
}
