/** First retry after 5 s, doubling, never more than 2 min apart: a recovered vendor is noticed within 2 minutes. */
export const REPLAY_BASE_DELAY_MS = 5_000;
export const REPLAY_MAX_DELAY_MS = 120_000;
/** After a day of failures a message is marked FAILED; its email went out when it was written. */
export const REPLAY_GIVE_UP_AFTER_MS = 24 * 60 * 60_000;
/** A Retry-After longer than this is capped: the vendor's hint must not park a message for hours. */
const MAX_RETRY_AFTER_MS = 10 * 60_000;

/** Delay before the next replay attempt, given how many have failed so far and the vendor's Retry-After. */
export function nextReplayDelayMs(failedAttempts: number, retryAfterMs: number | null): number {
  const backoff = Math.min(REPLAY_MAX_DELAY_MS, REPLAY_BASE_DELAY_MS * 2 ** Math.max(0, failedAttempts - 1));
  return retryAfterMs === null ? backoff : Math.min(MAX_RETRY_AFTER_MS, Math.max(backoff, retryAfterMs));
}

/** Whether a message written at `createdAt` has been failing for too long to keep trying. */
export function shouldGiveUp(createdAt: Date, now: Date): boolean {
  return now.getTime() - createdAt.getTime() >= REPLAY_GIVE_UP_AFTER_MS;
}
