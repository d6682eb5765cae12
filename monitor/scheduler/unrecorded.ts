import type { Db } from '../../lib/db/client';
import type { CheckRunTrigger } from '../../lib/db/generated/enums';
import { isUniqueViolation } from '../../lib/incidents/errors';

/** A counted tick whose run could not even be recorded because our own database did not answer. */
export interface UnrecordedRun {
  check: string;
  trigger: Exclude<CheckRunTrigger, 'MANUAL'>;
  scheduledFor: Date;
  /** When the database refused or did not answer: the failure was first seen then. */
  at: Date;
  error: string;
}

/** At most this many are kept (the oldest go first); enough for hours of a compressed schedule. */
export const MAX_UNRECORDED = 200;

/**
 * Records a tick lost to our database's outage as a counted FAILED run blamed on `database` (ours), dated
 * when it failed. Returns its id, or null when another replica recorded that tick meanwhile. Throws while
 * the database is still unavailable, so the caller keeps it for later.
 */
export async function recordUnrecorded(db: Db, run: UnrecordedRun, instanceId: string): Promise<string | null> {
  try {
    const row = await db.checkRun.create({
      data: {
        check: run.check,
        trigger: run.trigger,
        scheduledFor: run.scheduledFor,
        attempt: 1,
        instanceId,
        status: 'FAILED',
        counted: true,
        startedAt: run.at,
        finishedAt: run.at,
        durationMs: 0,
        components: ['database'],
        failedComponent: 'database',
        failedParty: 'ours',
        failedStep: 'record',
        error: run.error,
      },
      select: { id: true },
    });
    return row.id;
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}
