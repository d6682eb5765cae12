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
  runner: Pick<Runner, 'runCounted'>;
  isLeader: () => boolean;
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

  private trigger(check: Check, trigger: 'SCHEDULED' | 'CONFIRMATION', at: Date): void {
    if (this.stopped || !this.options.isLeader()) return;
    if (this.inFlight.has(check.name)) {
      this.options.metrics.checkSkipped.inc({ check: check.name });
      this.options.log.warn({ check: check.name, trigger }, 'previous run still going; tick skipped');
      return;
    }
    clearTimeout(this.confirmations.get(check.name));
    this.confirmations.delete(check.name);
    // To the second: both replicas compute the same tick, and the unique (check, tick, attempt) lets one run it.
    const scheduledFor = new Date(Math.floor(at.getTime() / 1000) * 1000);
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
  }
}
