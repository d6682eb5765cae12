import { makeWorkerUtils } from 'graphile-worker';
import type { Logger } from 'pino';

/**
 * Jobs whose handler failed because the database was away. graphile-worker retries a failed job after
 * exp(min(attempts, 10)) seconds (its failJobs SQL): 55 s after the 4th failure, 148 s after the 5th, 403 s after
 * the 6th — so a few database blips in a row would make an email wait minutes for a fault of ours. Such jobs are
 * brought forward to run now, once the database answers, with graphile-worker's own `WorkerUtils.rescheduleJobs`
 * (which leaves a job that is locked, i.e. running again, alone).
 */
export class OutageFailures {
  private readonly ids = new Set<string>();

  /** Called by the task wrapper (./runner.ts) when a handler failed with a database-unavailable error. */
  add(jobId: string): void {
    this.ids.add(jobId);
  }

  get size(): number {
    return this.ids.size;
  }

  /**
   * Reschedules every noted job to run now. Throws the driver's error while the database is still away (the ids
   * are kept for the next call). Returns how many jobs were brought forward.
   */
  async bringForward(connectionString: string, log: Logger): Promise<number> {
    if (this.ids.size === 0) return 0;
    const ids = [...this.ids];
    const utils = await makeWorkerUtils({ connectionString, logger: undefined });
    try {
      const moved = await utils.rescheduleJobs(ids, { runAt: new Date() });
      for (const id of ids) this.ids.delete(id);
      if (moved.length > 0)
        log.info({ jobs: moved.map((j) => j.id) }, 'brought forward jobs that failed while the database was away');
      return moved.length;
    } finally {
      await utils.release();
    }
  }
}
