import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import type { Check } from '../checks/types';
import type { MonitorMetrics } from '../metrics';
import type { Runner } from './runner';

export interface ScheduledCheck {
  check: Check;
  /** node-cron expression, seconds first. */
  cron: string;
}

export interface SchedulerOptions {
  checks: ScheduledCheck[];
  runner: Pick<Runner, 'runCounted' | 'noteLostTick' | 'forgetLostTicks'>;
  isLeader: () => boolean;
  /** Why this replica cannot reach our database (so cannot lead), or null when it can. */
  databaseUnreachable?: () => unknown;
  confirmIntervalMs: number;
  log: Logger;
  metrics: MonitorMetrics;
}

/**
 * Cron ticks and confirmation runs for every check, on the leader only. A check never overlaps itself:
 * a tick that finds the previous run still going is skipped (and counted); a scheduled run replaces a
 * pending confirmation.
 */
export class Scheduler {
  private tasks: ScheduledTask[] = [];
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly confirmations = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly options: SchedulerOptions) {}

  async start(): Promise<void> {
    this.stopped = false;
    for (const { check, cron: expression } of this.options.checks) {
      const task = cron.createTask(expression, (context) => this.trigger(check, 'SCHEDULED', context.date), {
        name: check.name,
      });
      await task.start();
      this.tasks.push(task);
    }
  }

  /** Stops ticking and waits for runs in progress (their own timeouts bound the wait). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const task of this.tasks) await task.destroy();
    this.tasks = [];
    for (const timer of this.confirmations.values()) clearTimeout(timer);
    this.confirmations.clear();
    await Promise.allSettled(this.inFlight.values());
  }

  /** Cancels pending confirmations (leadership lost: the next leader decides). */
  cancelConfirmations(): void {
    for (const timer of this.confirmations.values()) clearTimeout(timer);
    this.confirmations.clear();
  }

  /** Runs in progress, for a graceful stop. */
  get running(): number {
    return this.inFlight.size;
  }

  /**
   * Runs a scheduled check now, as a RUM confirmation (real users' failures crossed the threshold), unless it
   * is not ours to run or already running. Returns whether a run started; a pending confirmation is replaced.
   */
  confirmNow(name: string): boolean {
    const scheduled = this.options.checks.find((c) => c.check.name === name);
    return scheduled ? this.trigger(scheduled.check, 'RUM', new Date()) : false;
  }

  private trigger(check: Check, trigger: 'SCHEDULED' | 'CONFIRMATION' | 'RUM', at: Date): boolean {
    if (this.stopped) return false;
    if (!this.options.isLeader()) {
      // No replica can lead while our database is away: the tick is lost to that outage, which is itself a
      // failure to record once the database answers. Reachable but not leading: another replica has the truth.
      const unreachable = this.options.databaseUnreachable?.();
      if (unreachable) this.options.runner.noteLostTick(check.name, trigger, tickOf(at), unreachable);
      else this.options.runner.forgetLostTicks();
      return false;
    }
    if (this.inFlight.has(check.name)) {
      // A RUM trigger that finds the check running is not a lost tick: the run going now confirms as well.
      if (trigger === 'RUM') return false;
      this.options.metrics.checkSkipped.inc({ check: check.name });
      this.options.log.warn({ check: check.name, trigger }, 'previous run still going; tick skipped');
      return false;
    }
    clearTimeout(this.confirmations.get(check.name));
    this.confirmations.delete(check.name);
    // Only the leader's watch starts RUM runs: to the millisecond, so two within one second stay two runs.
    const scheduledFor = trigger === 'RUM' ? at : tickOf(at);
    const run = this.options.runner
      .runCounted(check, trigger, scheduledFor)
      .then((result) => {
        if (result?.confirm && !this.stopped && this.options.isLeader()) {
          const timer = setTimeout(() => {
            this.confirmations.delete(check.name);
            this.trigger(check, 'CONFIRMATION', new Date());
          }, this.options.confirmIntervalMs);
          this.confirmations.set(check.name, timer);
        }
      })
      .catch((error: unknown) => {
        this.options.metrics.errors.inc({ where: 'run' });
        this.options.log.error({ err: error, check: check.name }, 'check run could not be completed');
      })
      .finally(() => this.inFlight.delete(check.name));
    this.inFlight.set(check.name, run);
    return true;
  }
}

/** To the second: both replicas compute the same tick, and the unique (check, tick, attempt) lets one run it. */
const tickOf = (at: Date) => new Date(Math.floor(at.getTime() / 1000) * 1000);
