import type { JobHelpers } from 'graphile-worker';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { testClock, testContext } from '../test/support/service-context';
import type { Db } from '../lib/db/client';
import { declareJob, defineJob, type JobContext } from '../lib/jobs/define-job';
import { buildTaskList } from './runner';

// No database here: the job only looks at the context it is handed.
const noDb = {} as Db;

describe('buildTaskList', () => {
  it('hands each job the service context (db, log, clock, config) with its id and attempts', async () => {
    const clock = testClock(new Date('2031-01-02T03:04:05Z'));
    const base = testContext({ db: noDb, clock, env: { EMAIL_DIGEST_HOUR: '6' } });
    let seen: JobContext | undefined;
    const job = defineJob(
      declareJob({ name: 'send-email', payload: z.object({ emailId: z.string() }), maxAttempts: 3 }),
      async (_payload, ctx) => {
        seen = ctx;
      },
    );
    let loggedFor: unknown;
    const list = buildTaskList([job], pino({ level: 'silent' }), (log) => {
      loggedFor = log.bindings();
      return base;
    });
    const helpers = { job: { id: '41', attempts: 2, max_attempts: 3 } } as unknown as JobHelpers;
    await list['send-email']!({ emailId: 'e-1' }, helpers);
    expect(loggedFor).toMatchObject({ jobId: '41', task: 'send-email', attempt: 2 });
    expect(seen!.db).toBe(noDb);
    expect(seen!.clock.now()).toEqual(new Date('2031-01-02T03:04:05Z'));
    expect(seen!.config.EMAIL_DIGEST_HOUR).toBe(6);
    expect(seen).toMatchObject({ jobId: '41', attempt: 2, maxAttempts: 3, helpers });
  });
});
