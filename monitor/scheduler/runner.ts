import type { Logger } from 'pino';
import { appContext, extendContext } from '../../lib/context';
import type { Db } from '../../lib/db/client';
import type { CheckRunTrigger } from '../../lib/db/generated/enums';
import type { TimeWindow } from '../../lib/chat-provider/types';
import type { Artifacts } from '../artifacts';
import type { Check } from '../checks/types';
import type { MonitorMetrics } from '../metrics';
import { applyOutcome } from './apply-outcome';
import { runAttempt, type AttemptResult } from './attempt';
import type { Observation } from './outcome';
import { finishRun, startRun } from './record-run';
import { isDatabaseUnavailable } from '../../lib/db/unavailable';
import { describeError } from '../checks/errors';
import { MAX_UNRECORDED, recordUnrecorded, type UnrecordedRun } from './unrecorded';
import { RUM_COMPONENTS } from '../rum/threshold';

export interface RunnerOptions {
  db: Db;
  log: Logger;
  metrics: MonitorMetrics;
  artifacts: Artifacts;
  instanceId: string;
  checks: ReadonlyMap<string, Check>;
  failuresToOpen: number;
  passesToResolve: number;
  /** MONITOR_STARVED_LOOP_SHARE: a timeout with the monitor's loop held up this share of the step is ours. */
  starvedLoopShare: number;
  /** Told after the transaction that opened or resolved incidents commits. */
  onIncidents: (events: { opened: string[]; resolved: string[] }) => void;
}

export interface CountedRun {
  status: 'PASSED' | 'FAILED';
  runId: string;
  /** Run the check again after the confirmation interval. */
  confirm: boolean;
}

export interface ManualRun extends AttemptResult {
  runId: string;
}

/** Runs checks: one attempt, the immediate retry of a failed one, recording, metrics and the incident rules. */
export class Runner {
  /** Ticks lost while our own database did not answer, oldest first: recorded (and counted) once it answers. */
  private readonly unrecorded: UnrecordedRun[] = [];

  constructor(private readonly options: RunnerOptions) {}

  /**
   * A scheduled or confirmation run. A failed attempt is retried once at once; only the last attempt counts.
   * Returns null when another replica already ran this tick.
   */
  async runCounted(
    check: Check,
    trigger: Exclude<CheckRunTrigger, 'MANUAL'>,
    scheduledFor: Date,
  ): Promise<CountedRun | null> {
    let first: Awaited<ReturnType<Runner['attempt']>>;
    try {
      // What could not be recorded during an outage of our database goes first, in order: its failures count.
      await this.recordUnrecorded();
      first = await this.attempt(check, { trigger, scheduledFor, attempt: 1, retryOfId: null, final: false });
    } catch (error) {
      if (isDatabaseUnavailable(error)) this.noteLostTick(check.name, trigger, scheduledFor, error);
      throw error;
    }
    if (!first) return null;
    let counted = first;
    if (first.result.status === 'FAILED') {
      this.options.log.info(
        { check: check.name, runId: first.runId, error: first.result.error },
        'check failed; retrying once at once',
      );
      const retry = await this.attempt(check, {
        trigger,
        scheduledFor,
        attempt: 2,
        retryOfId: first.runId,
        final: true,
      });
      if (!retry) return null;
      counted = retry;
    }
    const { metrics } = this.options;
    metrics.checkSuccess.set({ check: check.name }, counted.result.status === 'PASSED' ? 1 : 0);
    metrics.lastRun.set({ check: check.name }, counted.result.finishedAt.getTime() / 1000);

    const outcome = await applyOutcome(
      { db: this.options.db, log: this.options.log },
      {
        check: check.name,
        // The run began with its first attempt: that is when the failure was first seen.
        run: { id: counted.runId, startedAt: first.result.startedAt },
        attemptIds: counted === first ? [first.runId] : [first.runId, counted.runId],
        observations: withDatabase(firstSeen(first.result.observations, counted.result.observations)),
        isLagging: (name) => this.options.checks.get(name)?.lagging ?? false,
        failuresToOpen: this.options.failuresToOpen,
        // Real users' failures stood for the first failure of a RUM-triggered run; this run must still fail.
        corroborated: trigger === 'RUM' ? RUM_COMPONENTS : [],
        passesToResolve: this.options.passesToResolve,
        now: new Date(),
      },
    );
    if (outcome.opened.length > 0 || outcome.resolved.length > 0) this.options.onIncidents(outcome);
    return { status: counted.result.status, runId: counted.runId, confirm: outcome.confirm };
  }

  /** A counted tick lost because our database did not answer: recorded as a `database` failure once it does. */
  noteLostTick(check: string, trigger: UnrecordedRun['trigger'], scheduledFor: Date, error: unknown): void {
    this.unrecorded.push({
      check,
      trigger,
      scheduledFor,
      at: new Date(),
      error: `our database did not answer, so the run could not even be recorded: ${describeError(error, 300)}`,
    });
    if (this.unrecorded.length > MAX_UNRECORDED) this.unrecorded.shift();
  }

  /** Another replica leads and our database answers: what this one saw is not the record. */
  forgetLostTicks(): void {
    this.unrecorded.length = 0;
  }

  /** Records and counts, oldest first, the ticks lost while our database did not answer; stops at the first that still fails. */
  private async recordUnrecorded(): Promise<void> {
    const { db, log, instanceId } = this.options;
    while (this.unrecorded.length > 0) {
      const run = this.unrecorded[0]!;
      const id = await recordUnrecorded(db, run, instanceId);
      if (id) {
        const outcome = await applyOutcome(
          { db, log },
          {
            check: run.check,
            run: { id, startedAt: run.at },
            attemptIds: [id],
            observations: [{ component: 'database', passed: false, error: run.error, at: run.at }],
            isLagging: (name) => this.options.checks.get(name)?.lagging ?? false,
            failuresToOpen: this.options.failuresToOpen,
            passesToResolve: this.options.passesToResolve,
            now: new Date(),
          },
        );
        if (outcome.opened.length > 0 || outcome.resolved.length > 0) this.options.onIncidents(outcome);
      }
      this.unrecorded.shift();
      log.warn({ check: run.check, at: run.at, runId: id }, 'recorded a run lost while our database was unavailable');
    }
  }

  /** `--once`: one attempt, recorded as MANUAL and never counted towards incidents. */
  async runManual(check: Check, window?: TimeWindow): Promise<ManualRun> {
    const done = await this.attempt(check, {
      trigger: 'MANUAL',
      scheduledFor: new Date(),
      attempt: 1,
      retryOfId: null,
      final: false,
      window,
    });
    if (!done) throw new Error('a manual run collided with another run of the same millisecond; try again');
    return { ...done.result, runId: done.runId };
  }

  private async attempt(
    check: Check,
    input: {
      trigger: CheckRunTrigger;
      scheduledFor: Date;
      attempt: number;
      retryOfId: string | null;
      final: boolean;
      window?: TimeWindow;
    },
  ): Promise<{ runId: string; result: AttemptResult } | null> {
    const { db, log, metrics, artifacts, instanceId } = this.options;
    const runId = await startRun(db, {
      check: check.name,
      trigger: input.trigger,
      scheduledFor: input.scheduledFor,
      attempt: input.attempt,
      retryOfId: input.retryOfId,
      instanceId,
    });
    if (!runId) {
      log.info(
        { check: check.name, scheduledFor: input.scheduledFor, attempt: input.attempt },
        'tick already run by another replica; skipping',
      );
      return null;
    }
    const runLog = log.child({ check: check.name, runId, attempt: input.attempt });
    const result = await runAttempt(check, {
      runId,
      log: runLog,
      context: extendContext(appContext(runLog), { db }),
      evidenceDir: () => artifacts.dirFor(runId),
      window: input.window,
      starvedLoopShare: this.options.starvedLoopShare,
    });
    const counted = input.trigger !== 'MANUAL' && (result.status === 'PASSED' || input.final);
    await finishRun(db, runId, result, { counted, artifactsRoot: artifacts.root });

    metrics.checkRuns.inc({
      check: check.name,
      result: result.timedOut ? 'timeout' : result.status === 'PASSED' ? 'passed' : 'failed',
    });
    metrics.checkDuration.observe({ check: check.name, step: 'total' }, result.durationMs / 1000);
    for (const step of result.steps)
      metrics.checkDuration.observe({ check: check.name, step: step.name }, step.durationMs / 1000);
    const line = {
      trigger: input.trigger,
      status: result.status,
      ms: result.durationMs,
      steps: result.steps.map((s) => `${s.name}:${s.durationMs}`).join(' '),
    };
    if (result.status === 'PASSED') runLog.info(line, 'check passed');
    else
      runLog.warn(
        {
          ...line,
          component: result.failedComponent,
          step: result.failedStep,
          error: result.error,
          timedOut: result.timedOut,
        },
        'check failed',
      );
    return { runId, result };
  }
}

/**
 * A counted run that was recorded is itself an observation that our database answers: the `database`
 * stream of the check passes (so a database incident resolves), unless the run failed on the database.
 */
export function withDatabase(observations: Observation[]): Observation[] {
  return observations.some((o) => o.component === 'database')
    ? observations
    : [...observations, { component: 'database', passed: true }];
}

/**
 * The counted attempt's observations, each failure dated by its first failing observation: when the first
 * attempt already failed on the same component, the fault was seen then (its failed step's start).
 */
export function firstSeen(first: readonly Observation[], counted: readonly Observation[]): Observation[] {
  if (first === counted) return [...counted];
  return counted.map((o) => {
    if (o.passed) return o;
    const earlier = first.find((f) => !f.passed && f.component === o.component)?.at;
    return earlier && (!o.at || earlier < o.at) ? { ...o, at: earlier } : o;
  });
}
