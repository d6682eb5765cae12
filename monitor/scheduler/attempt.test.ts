import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { testClock, testContext } from '../../test/support/service-context';
import type { Db } from '../../lib/db/client';
import type { Check, CheckContext } from '../checks/types';
import { runAttempt } from './attempt';

// No database here: the check only looks at the context it is handed.
const noDb = {} as Db;

/** A journey-shaped check that times out after 200 ms inside `run`; one attempt of it, with a grace of 1 s. */
function timedOutJourney(run: Check['run'], runId: string) {
  const check: Check = {
    name: 'chat-journey',
    description: 'test',
    components: ['chat_ui', 'webhooks', 'email'],
    lagging: false,
    timeoutMs: 200,
    run,
  };
  return runAttempt(check, {
    runId,
    log: pino({ level: 'silent' }),
    evidenceDir: async () => '/tmp',
    context: testContext({ db: noDb }),
    graceMs: 1000,
  });
}

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

  // Under CPU starvation the journey's own work between steps (opening a page, starting its trace, keeping the
  // session) can outlast the run's timeout. Nothing external was awaited then: ours, never the check's first
  // component (for the journey that is the vendor's chat UI, which then opened vendor incidents).
  it('blames the monitor, not the check’s first component, for a timeout outside any step', async () => {
    const never = new Promise<void>(() => undefined);
    const result = await timedOutJourney(async (ctx) => {
      await ctx.step('sign-in', 'app', async () => undefined);
      await never;
    }, 'run-10');
    expect(result).toMatchObject({ status: 'FAILED', timedOut: true, failedComponent: 'monitor' });
    expect(result.error).toMatch(/^timed out after 200 ms outside any step/);
    expect(result.observations).toContainEqual(expect.objectContaining({ component: 'monitor', passed: false }));
    expect(result.observations.map((o) => o.component)).not.toContain('chat_ui');
  });

  it('blames the step in progress when the timeout hits inside it', async () => {
    const never = new Promise<void>(() => undefined);
    const result = await timedOutJourney(async (ctx) => {
      await ctx.step('webhook', 'webhooks', () => never);
    }, 'run-11');
    expect(result).toMatchObject({ status: 'FAILED', failedComponent: 'webhooks', failedStep: 'webhook' });
  });
});
