import type { Db } from '../db';
import type { FaultStore } from '../faults/store';
import type { Logger } from '../log';
import type { Target, TargetSpec } from './targets';

interface DueRow {
  id: string;
  target: Target;
  type: string;
  body: string;
  attempts: number;
  duplicated: boolean;
  url: string | null;
}

interface AttemptResult {
  startedAt: Date;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  ok: boolean;
}

const USER_AGENT = 'ChatWatch-Sandbox-Webhooks/1.0';

export interface DispatcherOptions {
  /** How often an idle dispatcher looks for due rows (ms). */
  pollMs?: number;
  /** One wait inside a tick longer than this (ms) makes the watchdog abandon the tick and start a new loop. */
  stallMs?: number;
  /** The HTTP client (tests pass one that wraps the real fetch to stand in for a misbehaving one). */
  fetch?: typeof fetch;
}

/**
 * Delivers the outbox: polls every pollMs, posts due rows one at a time in (next_attempt_at, sort_key) order,
 * logs every attempt, reschedules failures on the target's backoff and marks them failed when it runs out.
 * At-least-once: a row is only finished after its attempt is recorded; stopping mid-post leaves it due.
 */
export class Dispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private readonly stopping = new AbortController();

  private readonly pollMs: number;
  private readonly stallMs: number;
  private readonly fetch: typeof fetch;

  constructor(
    private readonly db: Db,
    private readonly faults: FaultStore,
    private readonly targets: Record<Target, TargetSpec>,
    private readonly log: Logger,
    options: DispatcherOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 100;
    this.stallMs = options.stallMs ?? 60_000;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  start(): void {
    this.startWatchdog();
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.watchdog);
    this.stopping.abort();
    await this.running;
  }

  private failing = false;

  /** What the current tick is waiting on, for the watchdog's log line. */
  private phase = 'idle';
  /** performance.now() when the current wait began; 0 while no tick runs. */
  private waitStartedAt = 0;
  private generation = 0;
  private watchdog: NodeJS.Timeout | undefined;

  /**
   * Notes what the tick of `generation` waits on now, and since when: the watchdog judges that one wait, not the
   * tick's whole age (a healthy tick delivering many rows may take minutes, and abandoning it mid-POST would post
   * that row twice). An abandoned tick's late steps do not relabel the new loop's.
   */
  private at(generation: number, phase: string): void {
    if (generation !== this.generation) return;
    this.phase = phase;
    this.waitStartedAt = performance.now();
  }

  /**
   * A wait inside a tick that has not ended within `stallMs` abandons the tick and starts a fresh loop, logged with
   * the await it was stuck on: every wait is bounded (pool connect 3 s, queries 10 s, each POST its target's
   * timeout), so one this old is stuck on something unbounded, and the fake vendor must keep delivering (a stalled
   * dispatcher looks exactly like a vendor that stopped sending webhooks, and the monitor would say so).
   */
  private startWatchdog(): void {
    this.watchdog = setInterval(
      () => {
        if (this.stopped || this.waitStartedAt === 0) return;
        const age = performance.now() - this.waitStartedAt;
        if (age < this.stallMs) return;
        this.log.error(
          { phase: this.phase, ageMs: Math.round(age) },
          'webhook dispatcher tick stalled; starting a new one',
        );
        this.generation++;
        this.waitStartedAt = 0;
        this.running = undefined;
        clearTimeout(this.timer);
        this.schedule();
      },
      Math.min(this.stallMs, 5000),
    );
    this.watchdog.unref();
  }

  private schedule(): void {
    if (this.stopped) return;
    const generation = this.generation;
    this.timer = setTimeout(() => {
      this.waitStartedAt = performance.now();
      this.running = this.tick(generation)
        .then(
          () => {
            if (this.failing) this.log.info('webhook dispatcher recovered');
            this.failing = false;
          },
          (err: unknown) => {
            // Once per outage: a stopped database fails every tick until it is back.
            if (!this.failing)
              this.log.error({ err: (err as Error).message }, 'webhook dispatcher tick failed; retrying every tick');
            this.failing = true;
          },
        )
        .finally(() => {
          // An abandoned tick (the watchdog started a new loop) must not start a second one when it ends.
          if (generation !== this.generation) return;
          this.waitStartedAt = 0;
          this.phase = 'idle';
          this.running = undefined;
          this.schedule();
        });
    }, this.pollMs);
  }

  private async tick(generation: number): Promise<void> {
    this.at(generation, 'release held');
    await this.releaseHeld();
    this.at(generation, 'select due');
    const { rows } = await this.db.query<DueRow>(
      `SELECT id, target, type, body, attempts, duplicated, url FROM sandbox.outbox
       WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY next_attempt_at, sort_key LIMIT 50`,
      [new Date()],
    );
    for (const row of rows) {
      // Stopped, or abandoned by the watchdog: the new loop delivers the rest.
      if (this.stopped || generation !== this.generation) return;
      await this.deliver(row, generation);
    }
  }

  /** webhooks-reorder: a held batch goes out, newest first, once its window passed or its fault ended. */
  private async releaseHeld(): Promise<void> {
    const { rows } = await this.db.query<{ held_by: string; first: Date }>(
      `SELECT held_by, min(created_at) AS first FROM sandbox.outbox WHERE status = 'held' GROUP BY held_by`,
    );
    const now = new Date();
    for (const { held_by: faultId, first } of rows) {
      const fault = this.faults.isActive(faultId);
      if (fault && now.getTime() - first.getTime() < (fault.delayMs ?? 0)) continue;
      const { rowCount } = await this.db.query(
        `UPDATE sandbox.outbox SET status = 'pending', next_attempt_at = $2, sort_key = -seq WHERE held_by = $1 AND status = 'held'`,
        [faultId, now],
      );
      this.log.info({ faultId, events: rowCount }, 'webhooks-reorder: releasing held batch in reverse order');
    }
  }

  private async deliver(row: DueRow, generation: number): Promise<void> {
    const spec = this.targets[row.target];
    const attempt = row.attempts + 1;
    this.at(generation, `post ${row.id}`);
    const result = await this.post(spec, row, generation);
    if (!result) return;
    const results = [result];
    if (result.ok && row.duplicated) {
      const again = await this.post(spec, row, generation);
      if (again) results.push(again);
    }
    const attempts = row.attempts + results.length;
    const retryDelay = spec.retryDelaysMs[attempt - 1];
    this.at(generation, `record ${row.id}`);
    await this.db.tx(async (client) => {
      for (const [i, r] of results.entries()) {
        await client.query(
          `INSERT INTO sandbox.delivery_attempts (event_id, attempt, started_at, duration_ms, status_code, error, ok, duplicate)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [row.id, attempt + i, r.startedAt, r.durationMs, r.statusCode, r.error, r.ok, i > 0],
        );
      }
      if (result.ok) {
        await client.query(
          `UPDATE sandbox.outbox SET status = 'delivered', attempts = $2, finished_at = now() WHERE id = $1`,
          [row.id, attempts],
        );
      } else if (retryDelay !== undefined) {
        await client.query(`UPDATE sandbox.outbox SET attempts = $2, next_attempt_at = $3 WHERE id = $1`, [
          row.id,
          attempts,
          new Date(Date.now() + retryDelay),
        ]);
      } else {
        await client.query(
          `UPDATE sandbox.outbox SET status = 'failed', attempts = $2, finished_at = now() WHERE id = $1`,
          [row.id, attempts],
        );
      }
    });
    const line = {
      eventId: row.id,
      target: row.target,
      type: row.type,
      attempt,
      statusCode: result.statusCode,
      durationMs: result.durationMs,
      error: result.error,
    };
    if (result.ok)
      this.log.info(line, results.length > 1 ? 'webhook delivered (twice: webhooks-duplicate)' : 'webhook delivered');
    else if (retryDelay !== undefined)
      this.log.warn({ ...line, retryInMs: retryDelay }, 'webhook attempt failed; will retry');
    else this.log.error(line, 'webhook failed; retries exhausted');
  }

  /**
   * One POST, its answer read to the end; undefined when the sandbox is stopping (nothing is recorded, the row stays
   * due). The whole exchange is bounded by a plain timer of our own, not only by the fetch's abort signal: Node's
   * fetch can leave the body read pending forever when the abort lands while the answer is being read
   * (nodejs/node#56917, nodejs/undici#4089). The tick then never ended, no attempt was recorded, and every later
   * webhook stayed pending behind it with no socket or query open and nothing logged — the e2e stall.
   */
  private async post(spec: TargetSpec, row: DueRow, generation: number): Promise<AttemptResult | undefined> {
    const startedAt = new Date();
    const started = performance.now();
    const expired = new AbortController();
    const elapsed = () => Math.round(performance.now() - started);
    const url = row.url ?? spec.url;
    const exchange = (async () => {
      const response = await this.fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
          ...spec.headers(row.id, row.body, startedAt, row.attempts + 1, url),
        },
        body: row.body,
        signal: AbortSignal.any([expired.signal, this.stopping.signal]),
        redirect: 'manual',
      });
      this.at(generation, `read answer ${row.id}`);
      await response.arrayBuffer();
      return response.status;
    })();
    try {
      const statusCode = await settleWithin(exchange, spec.timeoutMs, expired, this.stopping.signal);
      const ok = statusCode >= 200 && statusCode < 300;
      return { startedAt, durationMs: elapsed(), statusCode, error: ok ? null : `HTTP ${statusCode}`, ok };
    } catch (err) {
      if (this.stopping.signal.aborted) return undefined;
      const error = expired.signal.aborted ? `timeout after ${spec.timeoutMs} ms` : describeFetchError(err);
      return { startedAt, durationMs: elapsed(), statusCode: null, error, ok: false };
    }
  }
}

/**
 * Settles as `work` does, or rejects once `ms` have passed (aborting `expired` first, so the fetch drops what it
 * can) or `stopping` aborts, whichever comes first, even when `work` itself never settles.
 */
function settleWithin<T>(work: Promise<T>, ms: number, expired: AbortController, stopping: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onStop = () => finish(() => reject(stopping.reason));
    const timer = setTimeout(() => {
      expired.abort(new DOMException(`no answer within ${ms} ms`, 'TimeoutError'));
      finish(() => reject(expired.signal.reason));
    }, ms);
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      stopping.removeEventListener('abort', onStop);
      settle();
    };
    if (stopping.aborted) return onStop();
    stopping.addEventListener('abort', onStop, { once: true });
    work.then(
      (value) => finish(() => resolve(value)),
      (error: unknown) => finish(() => reject(error)),
    );
  });
}

function describeFetchError(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? err.cause : undefined;
    const code = cause && 'code' in cause ? String(cause.code) : undefined;
    return code ? `${err.message}: ${code}` : cause ? `${err.message}: ${cause.message}` : err.message;
  }
  return String(err);
}
