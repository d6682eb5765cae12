// Retrying shared by every outbound integration (SendGrid, chat vendor). Errors opt in by
// carrying `retryable` and `retryAfterMs`, as EmailSendError and VendorApiError do.

/** Milliseconds a Retry-After header asks for: delay-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | null | undefined, now = Date.now()): number | null {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!raw) return null;
  if (/^\d+$/.test(raw)) return Number(raw) * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export interface RetryOptions {
  /** Total tries, the first included. */
  attempts: number;
  /** Delay before the first retry; doubles per retry. */
  baseDelayMs: number;
  /** Cap on one wait (default 30 s). A Retry-After longer than this ends the loop: the caller's job should reschedule instead of holding a worker. */
  maxDelayMs?: number;
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
  /** Injected by tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

interface RetrySignal {
  retryable: boolean;
  retryAfterMs: number | null;
}

const isRetrySignal = (error: unknown): error is RetrySignal =>
  typeof error === 'object' && error !== null && (error as RetrySignal).retryable === true;

/** "Equal jitter": half the exponential delay fixed, half random, so retries spread out but never bunch at zero. */
export function backoffDelay(retry: number, baseDelayMs: number, maxDelayMs: number, random = Math.random): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Runs `fn` until it succeeds, throws a non-retryable error, or runs out of attempts; the last error is rethrown as is. */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= options.attempts || !isRetrySignal(error)) throw error;
      const delayMs = error.retryAfterMs ?? backoffDelay(attempt, options.baseDelayMs, maxDelayMs, options.random);
      if (delayMs > maxDelayMs) throw error;
      options.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs);
    }
  }
}
