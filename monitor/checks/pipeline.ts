import type { CheckDeps } from './deps';
import { StepFailure } from './errors';
import { readWorkerBacklog } from './pipeline-backlog';
import type { Check } from './types';

/**
 * Our own message pipeline (the worker queue that processes webhooks and sends emails): fails when its oldest
 * due job has waited longer than MONITOR_PIPELINE_MAX_AGE_SECONDS. Blamed on `pipeline`, which is ours: its
 * incidents page our engineers and never reach the vendor. Also exports the backlog per task as metrics
 * (worker_jobs_pending, worker_oldest_pending_job_age_seconds) for the WorkerBacklog alert.
 */
export function createPipelineCheck({ config, db, metrics }: CheckDeps): Check {
  const maxAge = config.MONITOR_PIPELINE_MAX_AGE_SECONDS;
  const seen = new Set<string>();
  return {
    name: 'pipeline',
    description: `our worker queue: the oldest due job has waited at most ${maxAge} s`,
    components: ['pipeline'],
    lagging: false,
    timeoutMs: 10_000,
    async run(ctx) {
      await ctx.step('backlog', 'pipeline', async () => {
        const backlog = await readWorkerBacklog(db);
        // Tasks that had a backlog before and have none now go back to 0 rather than keep their last value.
        for (const task of seen)
          if (!backlog.some((b) => b.task === task)) backlog.push({ task, pending: 0, oldestAgeSeconds: 0 });
        for (const b of backlog) {
          seen.add(b.task);
          metrics.workerJobsPending.set({ task: b.task }, b.pending);
          metrics.workerOldestJobAge.set({ task: b.task }, b.oldestAgeSeconds);
        }
        const worst = backlog.reduce((a, b) => (b.oldestAgeSeconds > a.oldestAgeSeconds ? b : a), {
          task: '',
          pending: 0,
          oldestAgeSeconds: 0,
        });
        const pending = backlog.reduce((total, b) => total + b.pending, 0);
        ctx.detail({ pending, oldestAgeSeconds: Math.round(worst.oldestAgeSeconds), oldestTask: worst.task || null });
        if (worst.oldestAgeSeconds > maxAge) {
          throw new StepFailure(
            'backlog',
            'pipeline',
            `our worker queue is behind: ${pending} due job(s) waiting, the oldest (${worst.task}) for ${Math.round(worst.oldestAgeSeconds)} s (limit ${maxAge} s)`,
          );
        }
      });
    },
  };
}
