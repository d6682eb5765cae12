import { raceDeadline } from '../deadline';
import { DatabaseUnavailableError } from './unavailable';

/**
 * Resolves as `work` does, or rejects with DatabaseUnavailableError after `ms` (503 + Retry-After), whichever
 * comes first; `onExpire` runs on expiry (e.g. to withdraw work that has not started). The work itself is not
 * cancelled: its statement is bounded by the pool's own timeouts and a late commit is harmless, because
 * every write it does is idempotent (the sender retries and the unique constraint absorbs the repeat).
 */
export function withDeadline<T>(work: Promise<T>, ms: number, onExpire?: () => void): Promise<T> {
  return raceDeadline(work, ms, () => {
    onExpire?.();
    return new DatabaseUnavailableError(`database wait exceeded its deadline of ${ms} ms`);
  });
}
