// The worker process (`npm start` runs it): processes vendor events, sends emails, replays fallback messages.
import { getConfig } from '../config';
import { logger } from '../logger';
import { tasks } from './tasks';
import { startWorker } from './worker';

const log = logger.child({ service: 'worker' });
const config = getConfig();
const runner = await startWorker({ connectionString: config.DATABASE_URL, tasks, log });
log.info({ tasks: tasks.map((t) => t.name) }, 'worker started');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'worker stopping: finishing running jobs');
  await runner.stop();
  log.info('worker stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
await runner.promise;
