import type pg from 'pg';

export interface MonitorHealth {
  /** A leader wrote a heartbeat within the stale threshold. */
  ok: boolean;
  /** The leader's last heartbeat (null when no monitor ever led). */
  lastSeenAt: string | null;
  ageSeconds: number | null;
  staleAfterSeconds: number;
  leader: string | null;
  /** Replicas seen within the threshold, leader or not. */
  replicas: number;
  error?: string;
}

/** Reads the monitor's heartbeat (monitor_heartbeat, written by monitor/heartbeat.ts): stale when no leader beat recently. */
export async function readMonitorHealth(pool: pg.Pool, staleAfterSeconds: number): Promise<MonitorHealth> {
  try {
    const { rows } = await pool.query<{
      instanceId: string | null;
      lastSeenAt: Date | null;
      age: number | null;
      replicas: number;
    }>(
      `SELECT leader."instanceId", leader."lastSeenAt", EXTRACT(EPOCH FROM now() - leader."lastSeenAt")::float8 AS age,
              (SELECT count(*)::int FROM monitor_heartbeat WHERE "lastSeenAt" > now() - make_interval(secs => $1)) AS replicas
       FROM (SELECT 1) one
       LEFT JOIN LATERAL (SELECT "instanceId", "lastSeenAt" FROM monitor_heartbeat WHERE "isLeader" ORDER BY "lastSeenAt" DESC LIMIT 1) leader ON true`,
      [staleAfterSeconds],
    );
    const row = rows[0];
    const age = row?.age ?? null;
    return {
      ok: age !== null && age <= staleAfterSeconds,
      lastSeenAt: row?.lastSeenAt?.toISOString() ?? null,
      ageSeconds: age === null ? null : Math.round(age),
      staleAfterSeconds,
      leader: row?.instanceId ?? null,
      replicas: row?.replicas ?? 0,
    };
  } catch (error) {
    return {
      ok: false,
      lastSeenAt: null,
      ageSeconds: null,
      staleAfterSeconds,
      leader: null,
      replicas: 0,
      error: error instanceof Error ? error.message : 'unreadable',
    };
  }
}
