import pg from 'pg';
import type { Logger } from 'pino';

export interface LeadershipOptions {
  databaseUrl: string;
  /** Every replica must use the same key. */
  lockKey: number;
  pollMs: number;
  log: Logger;
  onChange: (isLeader: boolean) => void;
}

/**
 * Leader election on a Postgres session advisory lock: the replica whose connection holds
 * pg_try_advisory_lock(key) schedules checks; the others retry every pollMs. The lock dies with its
 * connection, so a crashed leader is replaced as soon as Postgres notices; a leader whose connection
 * fails steps down at once (it cannot know whether it still holds the lock).
 */
export class Leadership {
  private client: pg.Client | null = null;
  private leader = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private ticking: Promise<void> = Promise.resolve();
  private unreachable: unknown = null;

  constructor(private readonly options: LeadershipOptions) {}

  get isLeader(): boolean {
    return this.leader;
  }

  /** The error of the last election attempt while the database cannot be reached, or null when it answered. */
  get databaseUnreachable(): unknown {
    return this.unreachable;
  }

  /** Tries once at once, then keeps trying (or checking the lock's connection) every pollMs. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
    const client = this.client;
    this.client = null;
    if (client) {
      if (this.leader)
        await client.query('SELECT pg_advisory_unlock($1)', [this.options.lockKey]).catch(() => undefined);
      await client.end().catch(() => undefined);
    }
    this.setLeader(false);
  }

  private tick(): Promise<void> {
    this.ticking = this.once()
      .then(() => {
        this.unreachable = null;
      })
      .catch((error: unknown) => {
        this.options.log.warn({ err: error }, 'leader election: database connection failed');
        this.unreachable = error;
        this.drop();
      })
      .finally(() => {
        if (!this.stopped) this.timer = setTimeout(() => void this.tick(), this.options.pollMs);
      });
    return this.ticking;
  }

  private async once(): Promise<void> {
    if (this.stopped) return;
    if (!this.client) {
      const client = new pg.Client({
        connectionString: this.options.databaseUrl,
        application_name: 'chatwatch-monitor-leader',
        keepAlive: true,
        connectionTimeoutMillis: 5000,
        query_timeout: 5000,
      });
      client.on('error', (error) => {
        this.options.log.warn({ err: error }, 'leader election: lock connection lost');
        if (this.client === client) {
          this.unreachable = error;
          this.drop();
        }
      });
      await client.connect();
      this.client = client;
    }
    if (this.leader) {
      await this.client.query('SELECT 1');
      return;
    }
    const { rows } = await this.client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      this.options.lockKey,
    ]);
    if (rows[0]?.locked) this.setLeader(true);
  }

  private drop(): void {
    const client = this.client;
    this.client = null;
    client?.end().catch(() => undefined);
    this.setLeader(false);
  }

  private setLeader(value: boolean): void {
    if (this.leader === value) return;
    this.leader = value;
    this.options.log.info({ leader: value }, value ? 'became the leader: scheduling checks' : 'no longer the leader');
    this.options.onChange(value);
  }
}
