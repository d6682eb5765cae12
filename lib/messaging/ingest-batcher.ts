import { withDeadline } from '../db/deadline';
import { isDatabaseUnavailable } from '../db/unavailable';
import {
  ingestVendorEventBatch,
  ingestVendorEvents,
  type IngestInput,
  type IngestResult,
  type PreparedExecutor,
} from './ingest-vendor-events';

interface Pending {
  input: IngestInput;
  resolve(result: IngestResult): void;
  reject(error: unknown): void;
}

export interface BatcherLimits {
  /** Statements in flight at once (each holds one pool connection). */
  maxInFlight: number;
  /** Events per statement. */
  maxEvents: number;
}

/**
 * Group commit for webhook requests. A request is written at once when fewer than `maxInFlight` statements are
 * running — so an idle system adds no delay — and otherwise waits for the next free slot, together with every
 * request that arrived meanwhile, in one statement and one transaction (one commit, one job). Each request
 * still gets its own answer. If a batch fails for a reason other than the database being unavailable, its
 * requests are retried one by one, so one bad request cannot fail the others.
 */
export class IngestBatcher {
  private readonly queue: Pending[] = [];
  private inFlight = 0;

  constructor(
    private readonly executor: PreparedExecutor,
    private readonly limits: BatcherLimits = { maxInFlight: 4, maxEvents: 200 },
  ) {}

  /**
   * Stores one request's events. With `deadlineMs`, rejects with DatabaseUnavailableError once it passes (the
   * request answers 503 and the sender retries); a request still queued then is withdrawn and never written.
   */
  ingest(input: IngestInput, deadlineMs?: number): Promise<IngestResult> {
    let pending: Pending | undefined;
    const work = new Promise<IngestResult>((resolve, reject) => {
      pending = { input, resolve, reject };
      this.queue.push(pending);
      this.pump();
    });
    if (deadlineMs === undefined) return work;
    return withDeadline(work, deadlineMs, () => {
      const index = this.queue.indexOf(pending!);
      if (index >= 0) this.queue.splice(index, 1);
    });
  }

  /** Requests waiting for a free statement slot (tests and metrics). */
  get queued(): number {
    return this.queue.length;
  }

  private pump(): void {
    while (this.inFlight < this.limits.maxInFlight && this.queue.length > 0) {
      const batch: Pending[] = [];
      let events = 0;
      while (
        this.queue.length > 0 &&
        (batch.length === 0 || events + this.queue[0]!.input.events.length <= this.limits.maxEvents)
      ) {
        const next = this.queue.shift()!;
        batch.push(next);
        events += next.input.events.length;
      }
      this.inFlight++;
      void this.flush(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async flush(batch: Pending[]): Promise<void> {
    try {
      const results = await ingestVendorEventBatch(
        this.executor,
        batch.map((p) => p.input),
      );
      batch.forEach((p, i) => p.resolve(results[i]!));
    } catch (error) {
      if (batch.length === 1 || isDatabaseUnavailable(error)) {
        for (const p of batch) p.reject(error);
        return;
      }
      await Promise.all(batch.map((p) => ingestVendorEvents(this.executor, p.input).then(p.resolve, p.reject)));
    }
  }
}

const batchers = new WeakMap<PreparedExecutor, IngestBatcher>();

/** The batcher of one pool (one per pool, so every request through that pool can share statements). */
export function batcherFor(executor: PreparedExecutor): IngestBatcher {
  let batcher = batchers.get(executor);
  if (!batcher) batchers.set(executor, (batcher = new IngestBatcher(executor)));
  return batcher;
}
