import type { Db } from '../db/client';

/** The latest failed runs (every attempt) with their evidence files, newest first. */
export async function listRecentFailedRuns(db: Db, now: Date, { hours = 24, limit = 12 } = {}) {
  return db.checkRun.findMany({
    where: { status: 'FAILED', startedAt: { gte: new Date(now.getTime() - hours * 3_600_000) } },
    orderBy: { startedAt: 'desc' },
    take: limit,
    select: {
      id: true,
      check: true,
      attempt: true,
      startedAt: true,
      durationMs: true,
      failedComponent: true,
      failedStep: true,
      error: true,
      timedOut: true,
      incidentId: true,
      artifacts: { select: { id: true, kind: true, bytes: true }, orderBy: { kind: 'asc' } },
    },
  });
}

export type FailedRun = Awaited<ReturnType<typeof listRecentFailedRuns>>[number];
