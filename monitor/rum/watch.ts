import type { Logger } from 'pino';
import type { Db } from '../../lib/db/client';
import type { MonitorMetrics } from '../metrics';
import { readRumFailures, type RumFailures } from './read-failures';
import { rumThresholdCrossed, type RumThreshold } from './threshold';

export interface RumWatchOptions {
  db: Db;
  log: Logger;
  metrics: MonitorMetrics;
  threshold: RumThreshold;
  pollMs: number;
  isLeader: () => boolean;
  /** Runs the chat journey now as a RUM confirmation; false when it could not start (a run is already going). */
  confirmNow: (evidence: RumFailures) => boolean;
}

/**
 * Watches real users' chat embed failures and, past the threshold, has the chat journey run at once
 * instead of at its next tick. The leader polls one indexed aggregate every `pollMs` (see docs/monitor.md
 * § "Real users trigger a confirmation" for why polling and not LISTEN/NOTIFY). Each trigger needs fresh
 * evidence: after one, only failures received after it count, so a lasting outage confirms again only as
 * new failures come in, and nothing is triggered while a chat_ui incident is already open.
 */
export class RumWatch {
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | null = null;
  private lastTrigger: Date | null = null;
  private stopped = true;

  constructor(private readonly options: RumWatchOptions) {}

  start(): void {
    if (this.options.threshold.minUsers === 0) return;
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.polling;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.polling = this.poll().finally(() => {
        this.polling = null;
        this.schedule();
      });
    }, this.options.pollMs);
  }

  private async poll(): Promise<void> {
    const { db, log, metrics, threshold, isLeader, confirmNow } = this.options;
    if (!isLeader()) return;
    let seen: RumFailures;
    try {
      seen = await readRumFailures(db, { windowSeconds: threshold.windowSeconds, after: this.lastTrigger });
    } catch (error) {
      // Our database away is the database check's finding; the next look tries again.
      metrics.errors.inc({ where: 'rum' });
      log.warn({ err: error }, 'could not read real users’ embed failures');
      return;
    }
    metrics.rumFailingUsers.set(seen.users);
    metrics.rumFailedLoads.set(seen.failures);
    if (seen.incidentOpen || !rumThresholdCrossed(seen, threshold)) return;
    const started = confirmNow(seen);
    metrics.rumTriggers.inc({ result: started ? 'started' : 'skipped' });
    if (started) {
      this.lastTrigger = seen.at;
      log.info({ users: seen.users, failures: seen.failures }, 'real users’ chat embeds fail: confirming now');
    }
  }
}
