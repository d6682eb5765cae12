import type { Db } from '../db/client';

/**
 * A cheap summary that changes whenever the dashboard would: an incident opens, changes or resolves, a timeline
 * entry or a maintenance window is added, a check's streak changes. The live stream compares it between polls.
 */
export async function getStatusFingerprint(db: Db): Promise<string> {
  const [row] = await db.$queryRaw<{ fingerprint: string }[]>`
    SELECT concat_ws('|',
      (SELECT max("updatedAt") FROM incident),
      (SELECT count(*) FROM incident WHERE status = 'OPEN'),
      (SELECT max("createdAt") FROM incident_update),
      (SELECT max("createdAt") FROM maintenance_window),
      (SELECT string_agg(concat("check", ':', component, ':', "consecutiveFailures", ':', "lastStatus"), ',' ORDER BY "check", component) FROM check_state)
    ) AS fingerprint`;
  return row?.fingerprint ?? '';
}
