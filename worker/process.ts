import type { JobDefinition } from '../lib/jobs/define-job';
import { getConfig } from '../lib/config';
import { getDb } from '../lib/db/client';
import { DatabaseOutage } from '../lib/db/outage';
import { sharedCounterOutageRecorder } from '../lib/db/outage-metrics';
import { isDatabaseUnavailable } from '../lib/db/unavailable';
import { prismaExecutor } from '../lib/jobs/prisma-executor';
import { logger } from '../lib/logger';
import { keepRunning } from './keep-running';
import { releaseJobsOfDeadWorkers } from './liveness';
import { OutageFailures } from './outage-failures';
import { isLateRelease, startWorker } from './runner';

/**
 * Runs the worker process with `jobs` until SIGTERM/SIGINT (then finishes the running jobs and exits 0): the runner
 * loop through database loss (./keep-running.ts), the dead-worker sweep, bringing outage-failed jobs forward, and the
 * process's unhandled-rejection policy. worker/main.ts runs it with the registered jobs; tests with jobs of their own.
 */
export async function runWorkerProcess(jobs: JobDefinition[]): Promise<void> {
  const log = logger.child({ service: 'worker' });
  const config = getConfig();
  const outage = new DatabaseOutage(
    'worker',
    (finished) => sharedCounterOutageRecorder(prismaExecutor(getDb()))(finished),
    log,
  );

  // A connection lost under a library that forgot a handler must not take the process down: the runner loop
  // below reconnects. So must a job that finishes after its pool was ended forcefully (./runner.ts isLateRelease):
  // it was already failed and will run again. Anything else is a bug; exit so the supervisor restarts us clean.
  process.on('unhandledRejection', (reason) => {
    if (isDatabaseUnavailable(reason)) return outage.down(reason);
    if (isLateRelease(reason))
      return log.warn(
        { err: reason },
        'a job finished after its worker pool was ended forcefully; it stays failed and runs again',
      );
    log.fatal({ err: reason }, 'unhandled rejection; exiting');
    process.exit(1);
  });

  const outageFailures = new OutageFailures();
  const kept = keepRunning({
    start: () =>
      startWorker({
        connectionString: config.DATABASE_URL,
        jobs,
        log,
        outage,
        outageFailures,
        concurrency: config.WORKER_CONCURRENCY,
        stuckShutdownMs: config.WORKER_STUCK_SHUTDOWN_SECONDS * 1000,
      }),
    log,
    outage,
  });
  log.info({ jobs: jobs.map((j) => j.name) }, 'worker started');

  // Jobs of a worker that was killed stay locked (graphile-worker waits four hours); release them now and every 15 s.
  const sweepDeadWorkers = () =>
    releaseJobsOfDeadWorkers(config.DATABASE_URL).then(
      (dead) => {
        outage.up();
        if (dead.length > 0) log.warn({ deadWorkers: dead }, 'released the jobs of workers that died mid-job');
      },
      (error: unknown) =>
        isDatabaseUnavailable(error)
          ? outage.down(error)
          : log.warn({ err: error }, 'could not check for dead workers'),
    );
  void sweepDeadWorkers();
  const sweeper = setInterval(() => void sweepDeadWorkers(), 15_000);
  sweeper.unref();

  // Jobs that failed because the database was away run again as soon as it answers, not after graphile-worker's
  // exponential back-off (./outage-failures.ts). Checked every second; costs nothing while the set is empty.
  const bringForward = setInterval(() => {
    if (outageFailures.size === 0) return;
    outageFailures.bringForward(config.DATABASE_URL, log).then(
      () => outage.up(),
      (error: unknown) =>
        isDatabaseUnavailable(error) ? outage.down(error) : log.warn({ err: error }, 'could not bring jobs forward'),
    );
  }, 1000);
  bringForward.unref();

  let stopping = false;
  async function shutdown(signal: string) {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'worker stopping: finishing running jobs');
    clearInterval(sweeper);
    clearInterval(bringForward);
    await kept.stop();
    log.info('worker stopped');
    process.exit(0);
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  await kept.done;
}
