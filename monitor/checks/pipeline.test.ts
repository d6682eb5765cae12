import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { messagingDatabase } from '../../test/support/messaging';
import { testConfig } from '../../test/support/monitor';
import { createMonitorMetrics } from '../metrics';
import { runAttempt } from '../scheduler/attempt';
import type { CheckDeps } from './deps';
import { createPipelineCheck } from './pipeline';

// Our own pipeline, observed on graphile-worker's real tables: a backlog in our queue (the webhook stored and
// acknowledged, its job waiting) fails the `pipeline` component, which is ours — never the vendor's webhooks or
// SendGrid's email. Jobs scheduled for later (a delayed email, a retry's back-off) are not a backlog.

let env: Awaited<ReturnType<typeof messagingDatabase>>;
const MAX_AGE = 20;

beforeAll(async () => {
  env = await messagingDatabase();
});

function attempt() {
  const metrics = createMonitorMetrics(['pipeline']);
  const check = createPipelineCheck({
    config: testConfig(env.url, { MONITOR_PIPELINE_MAX_AGE_SECONDS: String(MAX_AGE) }),
    db: env.db,
    metrics,
  } as unknown as CheckDeps);
  const result = runAttempt(check, { runId: 'run-1', log: pino({ level: 'silent' }), evidenceDir: async () => '/tmp' });
  return { result, metrics };
}

/** Queues a job through graphile-worker's own add_job, due `dueAgoSeconds` ago (negative: in the future). */
async function addJob(task: string, dueAgoSeconds: number) {
  await env.pool.query(`SELECT graphile_worker.add_job($1, '{}'::json, run_at => now() - make_interval(secs => $2))`, [
    task,
    dueAgoSeconds,
  ]);
}

describe('the pipeline check', () => {
  it('passes on an empty queue and on jobs due only later (delayed emails are not a backlog)', async () => {
    await addJob('send-email', -600);
    const { result, metrics } = attempt();
    expect(await result).toMatchObject({ status: 'PASSED', observations: [{ component: 'pipeline', passed: true }] });
    expect((await metrics.workerJobsPending.get()).values).toEqual([]);
  });

  it('blames our pipeline when the oldest due job has waited past the limit, and exports the backlog per task', async () => {
    await addJob('process-vendor-events', MAX_AGE + 15);
    await addJob('process-vendor-events', 2);
    await addJob('send-email', 1);
    const { result, metrics } = attempt();
    const outcome = await result;
    expect(outcome).toMatchObject({ status: 'FAILED', failedComponent: 'pipeline', failedStep: 'backlog' });
    expect(outcome.error).toMatch(
      /^our worker queue is behind: 3 due job\(s\) waiting, the oldest \(process-vendor-events\) for 3[5-9] s/,
    );
    const pending = await metrics.workerJobsPending.get();
    expect(Object.fromEntries(pending.values.map((v) => [v.labels.task, v.value]))).toEqual({
      'process-vendor-events': 2,
      'send-email': 1,
    });
    const oldest = (await metrics.workerOldestJobAge.get()).values.find(
      (v) => v.labels.task === 'process-vendor-events',
    );
    expect(oldest!.value).toBeGreaterThanOrEqual(MAX_AGE + 15);
  });

  it('does not count a job a worker holds (locked): it is being worked, not waiting', async () => {
    await env.pool.query(`UPDATE graphile_worker._private_jobs SET locked_at = now(), locked_by = 'w1'`);
    const { result } = attempt();
    expect(await result).toMatchObject({ status: 'PASSED' });
  });
});
