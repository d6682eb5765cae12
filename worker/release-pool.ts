import { makeWorkerUtils } from 'graphile-worker';
import type { Logger } from 'pino';
import { backoffDelay } from '../lib/retry';

/**
 * Unlocks every job still locked by worker pools of THIS process that have ended (their runner's promise has
 * settled, so none of their jobs is running), through graphile-worker's own `WorkerUtils.forceUnlockWorkers`.
 *
 * Why: graphile-worker releases a job (completeJob/failJob) after its handler returns. When that release is
 * lost with the connection, the pool ends ("Could not failJobs; queue is in an inconsistent state; aborting")
 * and the job stays locked by the ended pool — for four hours, graphile-worker's lock timeout. The job's
 * `run_at` and `attempts` are left as they were, so once unlocked it runs at once.
 *
 * Retries with back-off (0.5 s doubling to 15 s) until the database takes it; never throws.
 */
export async function releaseEndedPools(
  connectionString: string,
  poolIds: string[],
  log: Logger,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref()),
): Promise<void> {
  if (poolIds.length === 0) return;
  for (let failures = 0; ; failures++) {
    if (failures > 0) await sleep(backoffDelay(Math.min(failures, 10), 500, 15_000));
    try {
      const utils = await makeWorkerUtils({ connectionString, logger: undefined });
      try {
        await utils.forceUnlockWorkers(poolIds);
      } finally {
        await utils.release();
      }
      log.info({ poolIds }, 'unlocked the jobs of ended worker pools');
      return;
    } catch (error) {
      log.debug({ err: error, poolIds }, 'could not unlock the jobs of ended worker pools yet; retrying');
    }
  }
}
