// The worker process (`npm start` runs it): processes vendor events, sends emails, replays fallback messages.
import { getConfig } from '../lib/config';
import { logger } from '../lib/logger';
import { releaseJobsOfDeadWorkers } from './liveness';
import { jobs } from './jobs';
import { startWorker } from './runner';

const log = logger.child({ service: 'worker' });
const config = getConfig();
const runner = await startWorker({ connectionString: config.DATABASE_URL, jobs, log });
log.info({ jobs: jobs.map((j) => j.name) }, 'worker started');

// Jobs of a worker that was killed stay locked (graphile-worker waits four hours); release them now and every 15 s.
const sweepDeadWorkers = () =>
  releaseJobsOfDeadWorkers(config.DATABASE_URL).then(
    (dead) => dead.length > 0 && log.warn({ deadWorkers: dead }, 'released the jobs of workers that died mid-job'),
    (error: unknown) => log.warn({ err: error }, 'could not check for dead workers'),
  );
void sweepDeadWorkers();
const sweeper = setInterval(() => void sweepDeadWorkers(), 15_000);
sweeper.unref();

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'worker stopping: finishing running jobs');
  clearInterval(sweeper);
  await runner.stop();
  log.info('worker stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
await runner.promise;
