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

/** Whether the browser journeys run: false when the latest journey could not get a browser (its `browser` step failed). */
export interface JourneyLiveness {
  running: boolean;
  /** Why not (the browser step's error), null when running or never run. */
  reason: string | null;
  since: Date | null;
}

/** The journey's `browser` step is the monitor's own (monitor/checks/chat-journey.ts): when it fails, no journey runs at all. */
export async function getJourneyLiveness(db: Db): Promise<JourneyLiveness> {
  const latest = await db.checkRun.findFirst({
    where: { check: 'chat-journey', status: { not: 'RUNNING' } },
    orderBy: { startedAt: 'desc' },
    select: { failedStep: true, error: true, startedAt: true },
  });
  if (!latest || latest.failedStep !== 'browser') return { running: true, reason: null, since: null };
  const firstOfStreak = await db.checkRun.findFirst({
    where: {
      check: 'chat-journey',
      status: { not: 'RUNNING' },
      startedAt: { lte: latest.startedAt },
      OR: [{ failedStep: null }, { failedStep: { not: 'browser' } }],
    },
    orderBy: { startedAt: 'desc' },
    select: { startedAt: true },
  });
  const since = await db.checkRun.findFirst({
    where: { check: 'chat-journey', failedStep: 'browser', startedAt: { gt: firstOfStreak?.startedAt ?? new Date(0) } },
    orderBy: { startedAt: 'asc' },
    select: { startedAt: true },
  });
  return { running: false, reason: latest.error, since: since?.startedAt ?? latest.startedAt };
}
