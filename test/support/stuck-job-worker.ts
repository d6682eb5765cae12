// A worker process for worker/stuck-shutdown.test.ts: the real worker process code (worker/process.ts) with two
// test jobs instead of the registered ones. `test-stuck` never settles until the parent sends "unstick" over IPC;
// `test-quick` returns at once. Each start of a stuck handler is reported to the parent ("stuck").
import { z } from 'zod';
import { declareJob, defineJob, type JobName } from '../../lib/jobs/define-job';
import { setDbRole } from '../../lib/db/timeouts';
import { runWorkerProcess } from '../../worker/process';

const waiting: Array<() => void> = [];
process.on('message', (message) => {
  if (message === 'unstick') waiting.splice(0).forEach((settle) => settle());
});

// Test-only names: the registry's names are the product's jobs.
const stuck = defineJob(
  declareJob({ name: 'test-stuck' as JobName, payload: z.object({}), maxAttempts: 1 }),
  () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      process.send?.('stuck');
    }),
);
const quick = defineJob(
  declareJob({ name: 'test-quick' as JobName, payload: z.object({}), maxAttempts: 5 }),
  async () => undefined,
);

setDbRole('background');
await runWorkerProcess([stuck, quick]);
