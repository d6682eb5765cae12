import type { Download } from '@playwright/test';
import { PDFParse } from 'pdf-parse';
import { db } from './monitor';

export { unzip } from '../../../test/support/zip';

// What the status and report tests need besides the monitor helpers: a past week of known monitoring data,
// the figures the database itself gives for it (computed in SQL, independently of lib/reports), and readers
// for the downloaded PDF and ZIP files.

export const REPORT_CHECK = 'e2e-report-journey';
export const RANGE = { from: '2025-06-02', to: '2025-06-04' };

/** Three days of 10-minute checks seeing chat_ui and webhooks, two chat_ui incidents (one across midnight), one webhooks incident and a maintenance window. */
export async function seedReportWeek(): Promise<void> {
  const pool = db();
  await pool.query(`DELETE FROM check_run WHERE "check" = $1`, [REPORT_CHECK]);
  await pool.query(`DELETE FROM incident WHERE title LIKE 'E2E report:%'`);
  await pool.query(`DELETE FROM maintenance_window WHERE reason = 'E2E report maintenance'`);
  const incidents = [
    ['chat_ui', '2025-06-02T10:00:00Z', '2025-06-02T10:45:00Z', '2025-06-02T09:59:00Z'],
    ['chat_ui', '2025-06-02T23:30:00Z', '2025-06-03T00:20:00Z', '2025-06-02T23:28:00Z'],
    ['webhooks', '2025-06-03T12:00:00Z', '2025-06-03T12:07:00Z', null],
  ] as const;
  for (const [component, startedAt, recoveredAt, faultAt] of incidents) {
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO incident (id, component, status, title, "openedBy", "startedAt", "detectedAt", "recoveredAt", "resolvedAt", "failedRunCount", "updatedAt")
       VALUES (gen_random_uuid(), $1::"MonitorComponent", 'RESOLVED', 'E2E report: ' || $1::text || ' outage', 'chat-journey', $2, $2::timestamptz + interval '90 seconds', $3, $3::timestamptz + interval '30 seconds', 2, now())
       RETURNING id`,
      [component, startedAt, recoveredAt],
    );
    if (faultAt) {
      await pool.query(
        `INSERT INTO incident_fault (id, "incidentId", source, "externalId", mode, "startedAt") VALUES (gen_random_uuid(), $1, 'sandbox', gen_random_uuid()::text, 'ui-down', $2)`,
        [rows[0]!.id, faultAt],
      );
    }
  }
  await pool.query(
    `INSERT INTO maintenance_window (id, component, "startsAt", "endsAt", reason) VALUES (gen_random_uuid(), 'chat_ui', '2025-06-04T09:00:00Z', '2025-06-04T10:00:00Z', 'E2E report maintenance')`,
  );
  await pool.query(
    `INSERT INTO check_run (id, "check", trigger, "scheduledFor", counted, status, "startedAt", "finishedAt", "durationMs", components, "failedComponent", "instanceId")
     SELECT gen_random_uuid(), $1, 'SCHEDULED', t, true, CASE WHEN f.c IS NULL THEN 'PASSED' ELSE 'FAILED' END::"CheckRunStatus", t, t + interval '2 seconds', 2000,
            ARRAY['chat_ui', 'webhooks']::"MonitorComponent"[], f.c, 'e2e'
     FROM generate_series('2025-06-02T00:00:00Z'::timestamptz, '2025-06-04T23:50:00Z'::timestamptz, interval '10 minutes') AS t
     LEFT JOIN LATERAL (SELECT component AS c FROM incident WHERE title LIKE 'E2E report:%' AND t >= "startedAt" AND t < "recoveredAt" LIMIT 1) AS f ON true`,
    [REPORT_CHECK],
  );
}

export interface ExpectedDay {
  day: string;
  component: string;
  downtimeSeconds: number;
  maintenanceSeconds: number;
  incidents: number;
  checks: number;
}

/**
 * Per UTC day and component, straight from the tables with PostgreSQL's multirange arithmetic: downtime is the
 * union of incident spans minus maintenance, clipped to the day.
 */
export async function expectedDays(): Promise<ExpectedDay[]> {
  const { rows } = await db().query<{
    day: string;
    component: string;
    down: number;
    maint: number;
    incidents: number;
    checks: number;
  }>(
    `WITH days AS (SELECT d::date AS day, tstzmultirange(tstzrange(d, d + interval '1 day')) AS r
                   FROM generate_series($1::timestamptz, $2::timestamptz, interval '1 day') AS d),
          comps AS (SELECT unnest(enum_range(NULL::"MonitorComponent")) AS c),
          down AS (SELECT component AS c, range_agg(tstzrange("startedAt", COALESCE("recoveredAt", now()))) AS m FROM incident GROUP BY component),
          maint AS (SELECT comps.c, range_agg(tstzrange("startsAt", "endsAt")) AS m FROM comps JOIN maintenance_window w ON w.component IS NULL OR w.component = comps.c GROUP BY comps.c)
     SELECT days.day::text AS day, comps.c::text AS component,
       COALESCE((SELECT sum(extract(epoch FROM upper(x) - lower(x))) FROM unnest((COALESCE(down.m, '{}') - COALESCE(maint.m, '{}')) * days.r) AS x), 0)::float AS down,
       COALESCE((SELECT sum(extract(epoch FROM upper(x) - lower(x))) FROM unnest(COALESCE(maint.m, '{}') * days.r) AS x), 0)::float AS maint,
       (SELECT count(*)::int FROM incident i WHERE i.component = comps.c AND i."startedAt" >= lower(days.r) AND i."startedAt" < upper(days.r)) AS incidents,
       (SELECT count(*)::int FROM check_run r WHERE r.counted AND comps.c = ANY (r.components) AND r."startedAt" >= lower(days.r) AND r."startedAt" < upper(days.r)) AS checks
     FROM days CROSS JOIN comps LEFT JOIN down ON down.c = comps.c LEFT JOIN maint ON maint.c = comps.c
     ORDER BY 1, 2`,
    [`${RANGE.from}T00:00:00Z`, `${RANGE.to}T00:00:00Z`],
  );
  return rows.map((r) => ({
    day: r.day,
    component: r.component,
    downtimeSeconds: r.down,
    maintenanceSeconds: r.maint,
    incidents: r.incidents,
    checks: r.checks,
  }));
}

/** Uptime of the range as the report defines it: 1 − downtime ÷ (time − maintenance). */
export function rangeUptime(days: ExpectedDay[], component: string): number {
  const mine = days.filter((d) => d.component === component);
  const down = mine.reduce((s, d) => s + d.downtimeSeconds, 0);
  const eligible = mine.reduce((s, d) => s + 86_400 - d.maintenanceSeconds, 0);
  return 1 - down / eligible;
}

export async function readDownload(download: Download): Promise<Buffer> {
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function pdfText(pdf: Buffer): Promise<{ text: string; pages: number }> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const result = await parser.getText();
    return { text: result.text, pages: result.total };
  } finally {
    await parser.destroy();
  }
}
