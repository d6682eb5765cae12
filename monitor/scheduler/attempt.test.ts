import pino from 'pino';
import { errors } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { testClock, testContext } from '../../test/support/service-context';
import type { Db } from '../../lib/db/client';
import { StepFailure, WaitTimeoutError } from '../checks/errors';
import type { Check, CheckContext } from '../checks/types';
import { runAttempt } from './attempt';
import type { LoopLag } from './starvation';

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
    // Only a loop blocked for most of the step counts as starved here: the tests' own host is shared and busy, and
    // at the default (25 %) a 200 ms step on it can be starved for real (seen at load 25).
    context: testContext({ db: noDb }),
    starvedLoopShare: 0.8,
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

  describe('under CPU starvation of the monitor itself', () => {
    /** Holds the event loop like a starved host does: nothing else in this process runs for `ms`. */
    const hold = (ms: number) => {
      const until = performance.now() + ms;
      while (performance.now() < until) {
        // busy: the loop is blocked
      }
    };
    const never = () => new Promise<never>(() => undefined);
    // A high threshold: the tests' own host is shared and busy, and only a blocked loop must count as starved.
    const journey = (run: Check['run'], timeoutMs: number) =>
      runAttempt(
        {
          name: 'chat-journey',
          description: 'test',
          components: ['chat_ui', 'webhooks', 'email'],
          lagging: false,
          timeoutMs,
          run,
        },
        {
          runId: 'run-starved',
          log: pino({ level: 'silent' }),
          evidenceDir: async () => '/tmp',
          context: testContext({ db: noDb }),
          graceMs: 1000,
          starvedLoopShare: 0.8,
        },
      );
    const lagOf = (details: Record<string, unknown>, step: string) =>
      (details.loopLag as LoopLag[]).find((l) => l.step === step)!;

    // bench:truth at load 25-50 opened a chat_ui incident from "timed out … in step send-message": the vendor was fine.
    it('blames the monitor, with the measured figure, when the run times out in a step while its loop was blocked', async () => {
      const result = await journey(async (ctx) => {
        await ctx.step('send-message', 'chat_ui', async () => {
          hold(600);
          return never();
        });
      }, 300);
      expect(result).toMatchObject({
        status: 'FAILED',
        timedOut: true,
        failedComponent: 'monitor',
        failedStep: 'send-message',
      });
      const lag = lagOf(result.details, 'send-message');
      expect(lag.lagMs).toBeGreaterThanOrEqual(500);
      expect(lag.share).toBeGreaterThanOrEqual(0.8);
      expect(result.error).toContain(`held up ${lag.lagMs} ms of ${lag.wallMs} ms`);
      expect(result.error).toMatch(
        /starved of CPU during step send-message.*not a failure of chat_ui: timed out after 300 ms/,
      );
      expect(result.steps.at(-1)).toMatchObject({ name: 'send-message', component: 'monitor', status: 'FAILED' });
      expect(result.observations.map((o) => o.component)).not.toContain('chat_ui');
    });

    it('keeps the step’s component for the same timeout when the loop was free', async () => {
      const result = await journey(async (ctx) => {
        await ctx.step('send-message', 'chat_ui', never);
      }, 1000);
      expect(result).toMatchObject({
        status: 'FAILED',
        timedOut: true,
        failedComponent: 'chat_ui',
        failedStep: 'send-message',
      });
      expect(result.error).toBe('timed out after 1000 ms in step send-message');
      expect(lagOf(result.details, 'send-message').share).toBeLessThan(0.8);
    });

    // The sign-in page.goto timeout bench:truth blamed on our app: Playwright's own TimeoutError, thrown in the step.
    it('blames the monitor for a Playwright wait that timed out while its loop was blocked', async () => {
      const result = await journey(async (ctx) => {
        await ctx.step('chat-ready', 'chat_ui', async () => {
          hold(400);
          throw new errors.TimeoutError('locator.waitFor: Timeout 15000ms exceeded.');
        });
      }, 10_000);
      expect(result).toMatchObject({
        status: 'FAILED',
        timedOut: false,
        failedComponent: 'monitor',
        failedStep: 'chat-ready',
      });
      expect(result.error).toMatch(/starved of CPU during step chat-ready.*locator\.waitFor: Timeout 15000ms exceeded/);
    });

    it('blames the monitor for a poll that ran out (the email wait) while its loop was blocked', async () => {
      const result = await journey(async (ctx) => {
        await ctx.step('email', 'email', async () => {
          hold(400);
          throw new StepFailure('email', 'email', 'the canary email was not accepted by SendGrid within 15000 ms', {
            cause: new WaitTimeoutError('the canary email was not accepted in time'),
          });
        });
      }, 10_000);
      expect(result).toMatchObject({ failedComponent: 'monitor', failedStep: 'email' });
    });

    it.each([
      [
        'the vendor embed answers 503',
        'chat_ui',
        () => new Error("the chat iframe's page answered 503 Service Unavailable"),
      ],
      [
        'a fallback notice names the vendor API',
        'vendor_api',
        () =>
          new StepFailure('chat-ready', 'vendor_api', "the page shows the fallback composer: the vendor's API failed"),
      ],
      [
        'our limiter answered 429 before a wait timed out',
        'app',
        () =>
          new StepFailure('chat-ready', 'app', 'our app answered 429 to GET /api/chat/embed', {
            cause: new errors.TimeoutError('locator.waitFor: Timeout 15000ms exceeded.'),
            answered: true,
          }),
      ],
    ] as const)('keeps the blame of a fast answer under starvation: %s', async (_, component, failure) => {
      const result = await journey(async (ctx) => {
        await ctx.step('chat-ready', 'chat_ui', async () => {
          hold(400);
          throw failure();
        });
      }, 10_000);
      expect(lagOf(result.details, 'chat-ready').share).toBeGreaterThanOrEqual(0.8);
      expect(result).toMatchObject({ status: 'FAILED', failedComponent: component, failedStep: 'chat-ready' });
      expect(result.error).not.toMatch(/starved/);
    });
  });
});
