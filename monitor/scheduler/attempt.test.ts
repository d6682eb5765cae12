import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { testClock, testContext } from '../../test/support/service-context';
import type { Db } from '../../lib/db/client';
import type { Check, CheckContext } from '../checks/types';
import { runAttempt } from './attempt';

// No database here: the check only looks at the context it is handed.
const noDb = {} as Db;

describe('runAttempt', () => {
  it('hands the check the service context (db, log, clock, config) with the run’s own tools', async () => {
    const context = testContext({ db: noDb, clock: testClock(new Date('2031-01-02T03:04:05Z')) });
    let seen: CheckContext | undefined;
    const check: Check = {
      name: 'pipeline',
      description: 'test',
      components: ['pipeline'],
      lagging: false,
      timeoutMs: 5_000,
      async run(ctx) {
        seen = ctx;
        await ctx.step('look', 'pipeline', async () => undefined);
      },
    };
    const log = pino({ level: 'silent' });
    const result = await runAttempt(check, { runId: 'run-9', log, evidenceDir: async () => '/tmp', context });
    expect(result.status).toBe('PASSED');
    expect(seen!.db).toBe(noDb);
    expect(seen!.clock.now()).toEqual(new Date('2031-01-02T03:04:05Z'));
    expect(seen!.config.MONITOR_FAILURES_TO_OPEN).toBe(2);
    expect(seen!.runId).toBe('run-9');
    expect(result.steps.map((s) => s.name)).toEqual(['look']);
  });
});
