import type { Runner } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { declareJob, defineJob } from '../lib/jobs/define-job';
import { enqueue } from '../lib/jobs/enqueue';
import { messagingDatabase, silent } from '../test/support/messaging';
import { OutageFailures } from './outage-failures';
import { startWorker } from './runner';

// A real graphile-worker runner on a real PostgreSQL: a job whose handler failed because the database was away is
// not left to graphile-worker's exponential back-off (403 s after a 6th failure), it runs again once noted jobs are
// brought forward.

let env: Awaited<ReturnType<typeof messagingDatabase>>;
let runner: Runner | undefined;
beforeAll(async () => {
  env = await messagingDatabase();
});
afterAll(async () => {
  await runner?.stop();
});

async function until<T>(what: string, probe: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('jobs failed by a database outage', () => {
  it('run again when brought forward, without waiting out graphile-worker back-off', async () => {
    const declared = declareJob({ name: 'send-email', payload: z.object({ emailId: z.string() }), maxAttempts: 12 });
    let calls = 0;
    const job = defineJob(declared, async () => {
      calls++;
      if (calls === 1) throw new Error('Connection terminated unexpectedly');
    });
    await enqueue(env.pool, declared, { emailId: 'e-outage' });
    // Five earlier failures: graphile-worker puts the next retry exp(6) ≈ 403 s away.
    await env.pool.query(`UPDATE graphile_worker._private_jobs SET attempts = 5`);
    const failures = new OutageFailures();
    runner = await startWorker({
      connectionString: env.url,
      jobs: [job],
      log: silent,
      outageFailures: failures,
      pollInterval: 100,
    });
    const dueIn = await until('the failure to be recorded', async () => {
      const { rows } = await env.pool.query<{ due_in: number }>(
        `SELECT extract(epoch FROM run_at - now())::int AS due_in FROM graphile_worker.jobs WHERE last_error IS NOT NULL AND locked_by IS NULL`,
      );
      return rows[0] && { seconds: rows[0].due_in };
    });
    expect(dueIn.seconds).toBeGreaterThan(300);

    expect(await failures.bringForward(env.url, silent)).toBe(1);
    await until('the job to run again and complete', async () => {
      const { rows } = await env.pool.query(`SELECT 1 FROM graphile_worker.jobs`);
      return rows.length === 0;
    });
    expect(calls).toBe(2);
  });
});
