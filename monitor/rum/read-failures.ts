import type { Db } from '../../lib/db/client';

/** Real users' failed chat embed loads since a moment, by the database's clock. */
export interface RumFailures {
  /** Distinct users with at least one failed load. */
  users: number;
  /** Failed loads (TIMEOUT or ERROR beacons). */
  failures: number;
  /** The database's now() when read: the next look's lower bound after a trigger. */
  at: Date;
  /** A chat_ui incident is already open: confirming what is known would only cost journeys. */
  incidentOpen: boolean;
}

/**
 * One indexed aggregate over `chat_embed_beacon` (index on result, receivedAt): failed loads received after
 * max(now − windowSeconds, after), from users who are not SYNTHETIC (the monitor's own journeys load the
 * same page and send the same beacons; their failures are the synthetic check's business, not evidence).
 */
export async function readRumFailures(
  db: Db,
  input: { windowSeconds: number; after: Date | null },
): Promise<RumFailures> {
  const rows = await db.$queryRaw<RumFailures[]>`
    SELECT count(DISTINCT b."userId")::int AS users,
           count(*)::int AS failures,
           now() AS at,
           EXISTS (SELECT 1 FROM incident WHERE "openComponent" = 'chat_ui') AS "incidentOpen"
      FROM chat_embed_beacon b
      JOIN "user" u ON u.id = b."userId"
     WHERE b.result IN ('TIMEOUT', 'ERROR')
       AND b."receivedAt" > greatest(now() - make_interval(secs => ${input.windowSeconds}), ${input.after ?? new Date(0)}::timestamptz)
       AND u.role <> 'SYNTHETIC'`;
  return rows[0]!;
}
