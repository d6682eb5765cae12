import { EventEmitter } from 'node:events';
import { parseCronItems, run, type Runner, type TaskList, type WorkerEvents } from 'graphile-worker';
import type { Logger } from 'pino';
import { appContext, extendContext, type ServiceContext } from '../lib/context';
import type { JobDefinition } from '../lib/jobs/define-job';
import type { DatabaseOutage } from '../lib/db/outage';
import { graphileLogger } from './graphile-logger';
import { holdWorkerLiveness, type Liveness } from './liveness';
import { releaseEndedPools } from './release-pool';
import { isDatabaseUnavailable } from '../lib/db/unavailable';
import type { OutageFailures } from './outage-failures';

export interface WorkerOptions {
  connectionString: string;
  jobs: JobDefinition[];
  log: Logger;
  concurrency?: number;
  pollInterval?: number;
  /** graphile-worker's own connection errors count here (logged once per outage) instead of on the console. */
  outage?: DatabaseOutage;
  /** Jobs that failed because the database was away, to bring forward once it is back (./outage-failures.ts). */
  outageFailures?: OutageFailures;
  /** How long a pool that ended on its own may wait for its running handlers before it is ended forcefully. */
  stuckShutdownMs?: number;
  /** The jobs' service context (default: the process-wide one); tests pass one with their own clock. */
  context?: (log: Logger) => ServiceContext;
}

/**
 * Wraps each job: validates the payload, gives it the service context (`context(jobLog)`, the process-wide one by
 * default) with a job-scoped logger, logs failures with the job id.
 */
export function buildTaskList(
  jobs: JobDefinition[],
  log: Logger,
  context: (log: Logger) => ServiceContext = appContext,
  outageFailures?: OutageFailures,
): TaskList {
  const list: TaskList = {};
  for (const task of jobs) {
    if (list[task.name]) throw new Error(`Job "${task.name}" is registered twice`);
    list[task.name] = async (rawPayload, helpers) => {
      const jobLog = log.child({ jobId: helpers.job.id, task: task.name, attempt: helpers.job.attempts });
      const payload = task.payload.safeParse(rawPayload);
      if (!payload.success) {
        // Retrying cannot fix a malformed payload; fail loudly and keep the job for inspection.
        jobLog.error({ issues: payload.error.issues }, 'job payload is invalid');
        throw new Error(`Invalid payload for ${task.name}`);
      }
      const started = performance.now();
      try {
        await task.run(
          payload.data,
          extendContext(context(jobLog), {
            jobId: helpers.job.id,
            attempt: helpers.job.attempts,
            maxAttempts: helpers.job.max_attempts,
            helpers,
          }),
        );
        jobLog.debug({ ms: Math.round(performance.now() - started) }, 'job done');
      } catch (error) {
        if (isDatabaseUnavailable(error)) outageFailures?.add(helpers.job.id);
        jobLog.warn(
          { err: error, ms: Math.round(performance.now() - started) },
          'job failed; graphile-worker will retry with backoff',
        );
        throw error;
      }
    };
  }
  return list;
}

/**
 * True for the rejection graphile-worker leaves unhandled when a job's handler settles after its pool was ended
 * forcefully (below): the pool's completeJob/failJob batcher is released by then, and once a batch has failed
 * (`backpressure` set, graphile-worker 0.17.3 dist/main.js `batch()`) its `fn()` answers a rejected promise that
 * dist/worker.js never awaits. The job was already failed by the forceful shutdown and runs again, so the late
 * release is rightly refused; it must not end the process.
 */
export function isLateRelease(reason: unknown): boolean {
  return (
    reason instanceof Error && reason.message === 'This batcher has been released, and so no more calls can be made.'
  );
}

/**
 * Starts a graphile-worker runner. Several may run at once: jobs are claimed with SKIP LOCKED. Each pool holds a
 * liveness lock (./liveness.ts) so that, if this process is killed, other workers can release its jobs at once.
 */
export async function startWorker(options: WorkerOptions): Promise<Runner> {
  const events: WorkerEvents = new EventEmitter();
  let stopRequested = false;
  const held: Liveness[] = [];
  const poolIds: string[] = [];
  events.on('pool:create', ({ workerPool }) => {
    poolIds.push(workerPool.id);
    held.push(holdWorkerLiveness(options.connectionString, workerPool.id, options.log));
  });
  // A pool that ends on its own (a lost release) first waits for its running handlers. One that never settles
  // would keep the pool, and so keepRunning's next runner, from ever starting: after `stuckShutdownMs` the pool is
  // ended forcefully (graphile-worker fails the jobs still running, so they are retried).
  events.on('pool:gracefulShutdown', ({ workerPool }) => {
    if (stopRequested) return;
    const timer = setTimeout(() => {
      const running = workerPool._workers.flatMap((w) => w.getActiveJob() ?? []);
      options.log.error(
        { jobs: running.map((j) => ({ id: j.id, task: j.task_identifier })) },
        'worker pool still waiting for its jobs to finish; ending it forcefully',
      );
      void Promise.resolve(
        workerPool.forcefulShutdown('handlers did not finish after the pool lost its database'),
      ).catch(() => undefined);
    }, options.stuckShutdownMs ?? 30_000);
    timer.unref();
    events.on('pool:release', () => clearTimeout(timer));
  });
  const runner = await run({
    connectionString: options.connectionString,
    concurrency: options.concurrency ?? 5,
    pollInterval: options.pollInterval ?? 1000,
    taskList: buildTaskList(options.jobs, options.log, options.context ?? appContext, options.outageFailures),
    // Recurring tasks declare their schedule; no backfill of ticks missed while no worker ran.
    parsedCronItems: parseCronItems(
      options.jobs
        .filter((t) => t.schedule)
        .map((t) => ({ task: t.name, match: t.schedule!, identifier: t.name, options: { backfillPeriod: 0 } })),
    ),
    noHandleSignals: true,
    // Batched release (0 ms: same tick) because of how a LOST release ends: unbatched, graphile-worker calls
    // completeJob/failJob without awaiting them, so a release that dies with its connection is an unhandled
    // rejection and the job stays locked by this still-running pool for four hours. Batched, the failure
    // ends the pool ("Could not failJobs; … aborting"); keepRunning starts a new one and the ended pool's
    // jobs are unlocked below.
    preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
    logger: graphileLogger(options.log, options.outage),
    events,
  });
  // Once the pool has ended on its own (graceful shutdown after a lost release resolves, a fatal error rejects),
  // none of its jobs runs any more; jobs whose release was lost are still locked by it, so unlock them. After our
  // own stop() every job was released by graphile-worker itself.
  const stop = runner.stop.bind(runner);
  runner.stop = (...args: Parameters<Runner['stop']>) => {
    stopRequested = true;
    return stop(...args);
  };
  const ended = () =>
    Promise.all(held.map((liveness) => liveness.release())).then(() =>
      stopRequested ? undefined : releaseEndedPools(options.connectionString, poolIds, options.log),
    );
  runner.promise.then(ended, ended);
  return runner;
}
