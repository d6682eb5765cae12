import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Db } from '../lib/db/client';
import packageJson from '../package.json' with { type: 'json' };

/** Writes this replica's last-alive time (and whether it leads) every intervalMs; /api/health reads it. */
export class Heartbeat {
  private timer: NodeJS.Timeout | undefined;
  private readonly startedAt = new Date();

  constructor(
    private readonly db: Db,
    private readonly instanceId: string,
    private readonly intervalMs: number,
    private readonly isLeader: () => boolean,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat(), this.intervalMs);
  }

  /** One beat now (also called on leadership changes so health sees them at once). */
  async beat(): Promise<void> {
    const data = {
      hostname: hostname(),
      pid: process.pid,
      version: packageJson.version,
      isLeader: this.isLeader(),
      lastSeenAt: new Date(),
    };
    try {
      await this.db.monitorHeartbeat.upsert({
        where: { instanceId: this.instanceId },
        create: { instanceId: this.instanceId, startedAt: this.startedAt, ...data },
        update: data,
      });
    } catch (error) {
      this.log.warn({ err: error }, 'heartbeat not written');
    }
  }

  /** Stops beating and gives up the leader flag, so health reports no leader rather than a stale one. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.db.monitorHeartbeat
      .update({ where: { instanceId: this.instanceId }, data: { isLeader: false } })
      .catch(() => undefined);
  }
}
