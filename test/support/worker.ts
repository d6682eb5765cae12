import type { Runner } from 'graphile-worker';
import pino, { type Logger } from 'pino';
import type { Clock } from '../../lib/clock';
import { onFileEnd } from './cleanup';
import type { Db } from '../../lib/db/client';
import { REQUIRED_CONFIG_ENV } from './config-env';

export interface TestWorkerOptions {
  /** The test database: the worker's jobs use the process-wide client (lib/db/client getDb) built from it. */
  url: string;
  /** More config for the jobs (SENDGRID_API_URL, UNREAD_EMAIL_DELAY_SECONDS, …), as lib/config.ts reads it. */
  env?: Record<string, string>;
  /** Runners to start (each its own pool, as separate worker processes would be). */
  runners?: number;
  concurrency?: number;
  /** Only these jobs (default: all): a test holds one stage back, e.g. sends, until the outcome before it is recorded. */
  tasks?: readonly string[];
  /**
   * The time the jobs' services read (ctx.clock; default the wall clock): a stage run "at" a later instant, e.g. when
   * an email falls due. graphile-worker still picks jobs by the database's clock.
   */
  clock?: Clock;
}

/**
 * The real worker (worker/runner.ts with the registered jobs of worker/jobs.ts) against the test database:
 * graphile-worker's own claiming, retries, backoff and maxAttempts. The app's config is set for this test file's
 * process before the jobs first read it. Stopped after the file.
 */
export async function startTestWorker({
  url,
  env = {},
  runners = 1,
  concurrency = 5,
  tasks,
  clock,
}: TestWorkerOptions): Promise<Runner[]> {
  Object.assign(process.env, REQUIRED_CONFIG_ENV, { LOG_LEVEL: 'silent', ...env, DATABASE_URL: url });
  const [{ startWorker }, registered, { appContext, extendContext }] = await Promise.all([
    import('../../worker/runner'),
    import('../../worker/jobs'),
    import('../../lib/context'),
  ]);
  const context = clock ? (jobLog: Logger) => extendContext(appContext(jobLog), { clock }) : undefined;
  const jobs = tasks ? registered.jobs.filter((job) => tasks.includes(job.name)) : registered.jobs;
  if (tasks && jobs.length !== tasks.length) throw new Error(`unknown job among ${tasks.join(', ')}`);
  const log = pino({ level: 'silent' });
  const started: Runner[] = [];
  for (let i = 0; i < runners; i++)
    started.push(await startWorker({ connectionString: url, jobs, log, concurrency, pollInterval: 100, context }));
  onFileEnd(async () => {
    await stopTestWorker(started);
  });
  return started;
}

const stopped = new WeakSet<Runner>();

/** Stops runners before the file ends (each once; the file-end cleanup skips them then). */
export async function stopTestWorker(runners: Runner[]): Promise<void> {
  const running = runners.filter((runner) => !stopped.has(runner));
  running.forEach((runner) => stopped.add(runner));
  await Promise.all(running.map((runner) => runner.stop()));
}

export interface JobRow {
  id: string;
  task_identifier: string;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  run_at: Date;
  locked_at: Date | null;
}

/** graphile-worker's job rows of one task (graphile_worker.jobs view). */
export function jobRows(db: Db, task: string): Promise<JobRow[]> {
  return db.$queryRaw<JobRow[]>`
    SELECT id::text, task_identifier, attempts, max_attempts, last_error, run_at, locked_at FROM graphile_worker.jobs WHERE task_identifier = ${task} ORDER BY id`;
}

/** The send-email jobs (id, run_at) of these emails; graphile_worker.jobs has no payload, so its private table. */
export function sendJobsOf(db: Db, emailIds: readonly string[]): Promise<{ id: bigint; run_at: Date }[]> {
  return db.$queryRaw<{ id: bigint; run_at: Date }[]>`
    SELECT j.id, j.run_at FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
    WHERE t.identifier = 'send-email' AND j.payload->>'emailId' = ANY(${emailIds as string[]}::text[])`;
}

/** Polls a recorded outcome (a row, a count) until `probe` answers something truthy; throws naming `what` after `timeoutMs`. */
export async function waitForRecord<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Runs the real worker with only `tasks` until `until` answers something truthy (a recorded outcome), then stops
 * it: a test runs one stage (processing, then sending) at a time, so what the next stage sees does not depend on
 * how fast this machine is. Answers what `until` answered.
 */
export async function runJobsUntil<T>(
  options: TestWorkerOptions & { tasks: readonly string[] },
  what: string,
  until: () => Promise<T | undefined | null | false>,
): Promise<T> {
  const runners = await startTestWorker(options);
  try {
    return await waitForRecord(what, until, 90_000);
  } finally {
    await stopTestWorker(runners);
  }
}
