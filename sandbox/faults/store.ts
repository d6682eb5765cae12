import type { Db } from '../db';
import { newId } from '../ids';
import type { Logger } from '../log';
import { FAULT_MODES, type FaultMode } from './modes';

export interface Fault {
  id: string;
  mode: FaultMode;
  probability: number;
  delayMs: number | null;
  startedAt: Date;
  endsAt: Date | null;
  endedAt: Date | null;
}

export interface StartFaultInput {
  mode: FaultMode;
  durationMs?: number | undefined;
  probability?: number | undefined;
  delayMs?: number | undefined;
}

interface FaultRow {
  id: string;
  mode: FaultMode;
  probability: number;
  delay_ms: number | null;
  started_at: Date;
  ends_at: Date | null;
  ended_at: Date | null;
}

const toFault = (r: FaultRow): Fault => ({
  id: r.id,
  mode: r.mode,
  probability: r.probability,
  delayMs: r.delay_ms,
  startedAt: r.started_at,
  endsAt: r.ends_at,
  endedAt: r.ended_at,
});

/**
 * Faults live in the database (they survive restarts; history is the ground truth for detection tests)
 * and in memory, so checking one on every request costs no query. Only this process writes them.
 */
export class FaultStore {
  private active = new Map<string, Fault>();
  private sweeper: NodeJS.Timeout | undefined;
  /** The sweep in flight, if any: sweeps run one after another, and readers wait for the one in flight. */
  private sweeping: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly random: () => number = Math.random,
  ) {}

  async start(): Promise<void> {
    const { rows } = await this.db.query<FaultRow>('SELECT * FROM sandbox.faults WHERE ended_at IS NULL');
    this.active = new Map(rows.map((r) => [r.id, toFault(r)]));
    for (const f of this.active.values()) this.log.info({ fault: f }, 'fault still active after restart');
    await this.sweep();
    let failing = false;
    this.sweeper = setInterval(
      () =>
        void this.sweep().then(
          () => (failing = false),
          (err: unknown) => {
            if (!failing) this.log.error({ err: (err as Error).message }, 'fault sweep failed; retrying');
            failing = true;
          },
        ),
      250,
    );
    this.sweeper.unref();
  }

  stop(): void {
    clearInterval(this.sweeper);
  }

  async begin(input: StartFaultInput): Promise<Fault> {
    const now = new Date();
    const fault: Fault = {
      id: newId('flt'),
      mode: input.mode,
      probability: input.probability ?? 1,
      delayMs: input.delayMs ?? FAULT_MODES[input.mode].defaultDelayMs,
      startedAt: now,
      endsAt: input.durationMs === undefined ? null : new Date(now.getTime() + input.durationMs),
      endedAt: null,
    };
    await this.db.query(
      'INSERT INTO sandbox.faults (id, mode, probability, delay_ms, started_at, ends_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [fault.id, fault.mode, fault.probability, fault.delayMs, fault.startedAt, fault.endsAt],
    );
    this.active.set(fault.id, fault);
    this.log.info({ fault }, 'fault started');
    return fault;
  }

  /** Ends one fault (or all when id is undefined) now. Returns how many ended. */
  async end(id?: string): Promise<number> {
    // An expired fault keeps its own end time (ends_at), not the time it was cleared.
    await this.sweep();
    const { rows } = await this.db.query<FaultRow>(
      `UPDATE sandbox.faults SET ended_at = now() WHERE ended_at IS NULL AND ($1::text IS NULL OR id = $1) RETURNING *`,
      [id ?? null],
    );
    for (const row of rows) {
      this.active.delete(row.id);
      this.log.info({ fault: toFault(row), reason: 'cleared' }, 'fault ended');
    }
    return rows.length;
  }

  async list(): Promise<{ active: Fault[]; history: Fault[] }> {
    await this.sweep();
    const { rows } = await this.db.query<FaultRow>('SELECT * FROM sandbox.faults ORDER BY started_at DESC LIMIT 500');
    const all = rows.map(toFault);
    return { active: all.filter((f) => f.endedAt === null), history: all };
  }

  /** The active fault of this mode, if any; whether it fires is up to roll(). */
  current(mode: FaultMode, now = Date.now()): Fault | undefined {
    let newest: Fault | undefined;
    for (const f of this.active.values()) {
      if (f.mode !== mode || (f.endsAt && f.endsAt.getTime() <= now)) continue;
      if (!newest || f.startedAt >= newest.startedAt) newest = f;
    }
    return newest;
  }

  isActive(id: string, now = Date.now()): Fault | undefined {
    const f = this.active.get(id);
    return f && (!f.endsAt || f.endsAt.getTime() > now) ? f : undefined;
  }

  /** The active fault of this mode if it applies to this request or event (its probability decides). */
  roll(mode: FaultMode): Fault | undefined {
    const fault = this.current(mode);
    return fault && this.random() < fault.probability ? fault : undefined;
  }

  /**
   * Records the end of faults whose duration ran out. Sweeps are chained, so a caller (list, end) that awaits this
   * also waits for a sweep already in flight: that sweep has taken its faults out of `active` but may not have
   * written their end yet, and a read in between would show an expired fault as never ended.
   */
  sweep(now = Date.now()): Promise<void> {
    const next = this.sweeping.then(() => this.sweepOnce(now));
    this.sweeping = next.catch(() => undefined);
    return next;
  }

  private async sweepOnce(now: number): Promise<void> {
    const expired = [...this.active.values()].filter((f) => f.endsAt && f.endsAt.getTime() <= now);
    if (expired.length === 0) return;
    for (const f of expired) this.active.delete(f.id);
    const ids = expired.map((f) => f.id);
    await this.db.query('UPDATE sandbox.faults SET ended_at = ends_at WHERE id = ANY($1) AND ended_at IS NULL', [ids]);
    for (const f of expired) this.log.info({ fault: { ...f, endedAt: f.endsAt }, reason: 'expired' }, 'fault ended');
  }
}
