import { raceDeadline } from '../deadline';
import { AppError } from '../errors';

/**
 * A request ran past its deadline (REQUEST_DEADLINE_MS) while waiting for something — the database, a vendor
 * call, a CPU-starved event loop. Answered 503 + Retry-After (lib/http/error-response.ts): the caller retries
 * later, and it is not by itself taken for a database outage.
 */
export class RequestDeadlineError extends AppError {
  override readonly name = 'RequestDeadlineError';
  readonly code = 'DEADLINE';
}

/**
 * Resolves as `work` does, or rejects with RequestDeadlineError once `ms` have passed since `startedAt`
 * (a `performance.now()` reading), whichever comes first. `work` is not cancelled: each of its database waits is
 * bounded by the pool (lib/db/timeouts.ts) and every write on a request path is idempotent, so a late finish
 * after the 503 is harmless and the caller's retry is a no-op.
 */
export function withinRequestDeadline<T>(work: Promise<T>, ms: number, startedAt = performance.now()): Promise<T> {
  return raceDeadline(
    work,
    ms - (performance.now() - startedAt),
    () => new RequestDeadlineError(`request exceeded its deadline of ${ms} ms`),
  );
}
