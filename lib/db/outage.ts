import type { Logger } from 'pino';
import { logger } from '../logger';

/** What a process reports once an outage is over: how long the database was unreachable. */
export type OutageRecorder = (outage: { process: string; seconds: number; error: string }) => Promise<void>;

/**
 * Tracks one process's view of the database: down() on every failure, up() on every success. It logs ONCE per
 * outage (the first failure, then the recovery with its duration) however many queries fail in between, and
 * hands the finished outage to `record` (lib/db/outage-metrics.ts counts it in metric_counter, which can only
 * be written once the database is back).
 */
export class DatabaseOutage {
  private since: number | null = null;
  private lastError = '';
  private readonly log: Logger;

  constructor(
    readonly process: string,
    private readonly record?: OutageRecorder,
    log: Logger = logger,
    private readonly now: () => number = Date.now,
  ) {
    this.log = log.child({ component: 'database-outage', process });
  }

  /** True while the last observation was a failure. */
  get isDown(): boolean {
    return this.since !== null;
  }

  down(error: unknown): void {
    if (this.since !== null) return;
    this.since = this.now();
    this.lastError = error instanceof Error ? error.message.slice(0, 200) : 'unknown';
    this.log.error({ error: this.lastError }, 'database unavailable; waiting and reconnecting with back-off');
  }

  up(): void {
    if (this.since === null) return;
    const seconds = (this.now() - this.since) / 1000;
    this.since = null;
    this.log.warn({ seconds }, 'database available again');
    void this.record?.({ process: this.process, seconds, error: this.lastError }).catch((error: unknown) =>
      this.log.warn({ err: error }, 'could not record the finished database outage'),
    );
  }
}
