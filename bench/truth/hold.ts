import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import type { CheckName } from '../../monitor/checks/types';

/** Counted runs of the aimed check that must end inside the fault: the monitor opens an incident on its 2nd failure. */
export const RUNS_TO_HOLD = 2;

export interface HoldOptions {
  /** The check the fault is aimed at (the one whose failures detect it). */
  check: CheckName;
  /** The fault was active from this instant (the bench's clock, on the same host as the monitor's). */
  since: Date;
  /** How many counted runs that started at or after `since` must have ended. */
  runs: number;
  /** The bound: the hold ends here even if the runs have not ended. */
  maxMs: number;
  /** Poll period (the bench reads check_run, as the e2e specs do). */
  everyMs?: number;
  /** Told the number of such runs ended, after every read (a test waits on it). */
  onRead?: (ended: number) => void;
}

export type HoldResult =
  | { observed: true; heldMs: number; runIds: string[] }
  | { observed: false; heldMs: number; runIds: string[]; reason: string };

/**
 * Holds a fault until `runs` counted runs (`check_run.counted`, the attempt that counts: a pass, or the retry of a
 * failure) of the aimed check have ended that started after the injection, so each saw the fault whole — or until
 * `maxMs`. A fixed hold (75–90 s) gave a journey slowed by a loaded host only one counted run, one short of the two
 * failures that open an incident: a silent miss. Past the bound the result says the fault was not observed, and why.
 * A read that throws counts as "not yet" (the bench's own database pool may be busy); it is retried at the next poll.
 */
export async function holdForCountedRuns(db: pg.Pool, options: HoldOptions): Promise<HoldResult> {
  const { check, since, runs, maxMs, everyMs = 500 } = options;
  const began = Date.now();
  let runIds: string[] = [];
  for (;;) {
    const read = await db
      .query<{ id: string }>(
        `SELECT id FROM check_run
         WHERE "check" = $1 AND counted AND status <> 'RUNNING' AND "finishedAt" IS NOT NULL AND "startedAt" >= $2
         ORDER BY "finishedAt" LIMIT $3`,
        [check, since, runs],
      )
      .then(
        (r) => r.rows.map((row) => row.id),
        () => null,
      );
    if (read) {
      runIds = read;
      options.onRead?.(runIds.length);
    }
    const heldMs = Date.now() - began;
    if (runIds.length >= runs) return { observed: true, heldMs, runIds };
    if (heldMs >= maxMs)
      return {
        observed: false,
        heldMs,
        runIds,
        reason: `${runIds.length} of ${runs} counted ${check} runs ended within the ${(maxMs / 1000).toFixed(0)} s max hold`,
      };
    await sleep(Math.min(everyMs, Math.max(0, maxMs - heldMs)));
  }
}
