import type { Db } from '../db/client';

export interface MonitorLiveness {
  /** Last heartbeat of any replica; null if no monitor ever ran. */
  lastSeenAt: Date | null;
  stale: boolean;
}

/** Whether the monitor is alive: a heartbeat within `staleSeconds` (MONITOR_HEARTBEAT_STALE_SECONDS). */
export async function getMonitorLiveness(db: Db, now: Date, staleSeconds: number): Promise<MonitorLiveness> {
  const latest = await db.monitorHeartbeat.findFirst({ orderBy: { lastSeenAt: 'desc' }, select: { lastSeenAt: true } });
  const lastSeenAt = latest?.lastSeenAt ?? null;
  return { lastSeenAt, stale: !lastSeenAt || now.getTime() - lastSeenAt.getTime() > staleSeconds * 1000 };
}
