import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { makeWorkerUtils } from 'graphile-worker';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { onFileEnd } from '../test/support/cleanup';
import { REQUIRED_CONFIG_ENV } from '../test/support/config-env';
import { createTestDatabase } from '../test/support/db';
import { waitForRecord } from '../test/support/worker';

// The real worker process code (worker/process.ts: keepRunning + startWorker + its unhandled-rejection policy) in a
// child process, on the real graphile-worker and PostgreSQL, with two test jobs (test/support/stuck-job-worker.ts).
// A pool whose release of a finished job dies with its connection ends on its own ("Could not completeJobs; …
// aborting"), and graphile-worker's graceful shutdown first waits for the handlers still running. A handler that
// never settles would hold that pool, and so the whole worker, forever: after WORKER_STUCK_SHUTDOWN_SECONDS the pool
// must be ended forcefully (its stuck job failed and visible) and a new runner must take jobs. When the stuck
// handler settles at last, graphile-worker's refused late release must not end the process.

const root = path.resolve(import.meta.dirname, '..');
let url: string;
let db: pg.Pool;
let child: ChildProcess;
const fromChild: string[] = [];
const logLines: { msg: string }[] = [];
let exited: string | null = null;

beforeAll(async () => {
  url = await createTestDatabase();
  db = new pg.Pool({ connectionString: url, max: 2 });
  const utils = await makeWorkerUtils({ connectionString: url });
  await utils.migrate();
  await utils.release();
  child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'test/support/stuck-job-worker.ts')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      ...REQUIRED_CONFIG_ENV,
      DATABASE_URL: url,
      LOG_LEVEL: 'warn',
      LOG_PRETTY: 'false',
      WORKER_CONCURRENCY: '2',
      WORKER_STUCK_SHUTDOWN_SECONDS: '1',
    },
  });
  child.on('message', (message) => fromChild.push(String(message)));
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop()!;
    for (const line of lines) if (line.startsWith('{')) logLines.push(JSON.parse(line) as { msg: string });
  });
  child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(`[worker] ${chunk.toString()}`));
  child.once('exit', (code, signal) => (exited = `${code ?? signal}`));
  onFileEnd(async () => {
    if (exited === null) {
      child.send('unstick');
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    await db.end();
  });
});

async function addJob(task: 'test-stuck' | 'test-quick'): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT (graphile_worker.add_job($1, '{}'::json, max_attempts => $2)).id::text AS id`,
    [task, task === 'test-stuck' ? 1 : 5],
  );
  return rows[0]!.id;
}

async function jobRow(id: string) {
  const { rows } = await db.query<{ attempts: number; last_error: string | null; locked_by: string | null }>(
    'SELECT attempts, last_error, locked_by FROM graphile_worker.jobs WHERE id = $1',
    [id],
  );
  return rows[0];
}

/** Waits for a recorded outcome, failing at once (with the exit) if the worker process ended. */
function untilAlive<T>(what: string, probe: () => Promise<T | undefined | null | false>): Promise<T> {
  return waitForRecord(
    what,
    async () => {
      if (exited !== null) throw new Error(`the worker process exited (${exited}) while waiting for ${what}`);
      return probe();
    },
    90_000,
  );
}

describe('a worker pool that lost its database while a handler never settles', () => {
  it(
    'is ended forcefully, its stuck job failed; a new runner takes jobs; the late settle does not end the process',
    { timeout: 240_000 },
    async () => {
      const stuck = await addJob('test-stuck');
      await untilAlive('the stuck handler to start', async () => fromChild.includes('stuck'));

      // The next completion dies with its connection (its backend terminates itself, once): graphile-worker ends the
      // pool, whose graceful shutdown waits for the stuck handler.
      await db.query(`
        CREATE SEQUENCE lose_release_once;
        CREATE FUNCTION lose_release() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF (SELECT identifier FROM graphile_worker._private_tasks WHERE id = OLD.task_id) = 'test-quick'
             AND nextval('lose_release_once') = 1 THEN
            PERFORM pg_terminate_backend(pg_backend_pid());
          END IF;
          RETURN OLD;
        END $$;
        CREATE TRIGGER lose_release BEFORE DELETE ON graphile_worker._private_jobs
          FOR EACH ROW EXECUTE FUNCTION lose_release();`);
      const lostRelease = await addJob('test-quick');

      const failed = await untilAlive('the stuck job failed by the forceful shutdown', async () => {
        const row = await jobRow(stuck);
        return row?.last_error && !row.locked_by ? row : undefined;
      });
      expect(failed.last_error).toContain('handlers did not finish');
      expect(failed.attempts).toBe(1);

      // A new runner took over: the job whose release was lost runs again and completes, and so does a new one.
      const fresh = await addJob('test-quick');
      await untilAlive('both quick jobs completed', async () => !(await jobRow(lostRelease)) && !(await jobRow(fresh)));

      // The stuck handler settles at last: its release is refused (the pool is gone), and the process stays up.
      child.send('unstick');
      await untilAlive('the late release logged', async () =>
        logLines.some((line) => line.msg.startsWith('a job finished after its worker pool was ended forcefully')),
      );
      const after = await addJob('test-quick');
      await untilAlive('a job after the late release completed', async () => !(await jobRow(after)));
      expect(exited).toBeNull();
      expect(fromChild.filter((m) => m === 'stuck')).toHaveLength(1);
    },
  );
});
