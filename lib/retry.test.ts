import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter, withRetry } from './retry';

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP dates, ignores junk', () => {
    const now = Date.parse('2025-03-04T09:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter(['2'], now)).toBe(2000);
    expect(parseRetryAfter('Tue, 04 Mar 2025 09:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 04 Mar 2025 08:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});

describe('backoffDelay', () => {
  it('doubles per retry with equal jitter, capped', () => {
    expect(backoffDelay(1, 100, 10_000, () => 0)).toBe(50);
    expect(backoffDelay(1, 100, 10_000, () => 1)).toBe(100);
    expect(backoffDelay(4, 100, 10_000, () => 0.5)).toBe(600);
    expect(backoffDelay(20, 100, 10_000, () => 1)).toBe(10_000);
  });
});

describe('withRetry', () => {
  const noSleep = { baseDelayMs: 1, sleep: async () => {} };

  it('rethrows errors that do not opt in to retrying, after one attempt', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new Error('bug');
        },
        { attempts: 5, ...noSleep },
      ),
    ).rejects.toThrow('bug');
    expect(calls).toBe(1);
  });

  it('retries errors marked retryable and returns the first success', async () => {
    let calls = 0;
    const result = await withRetry(
      async (attempt) => {
        calls++;
        if (attempt < 3) throw Object.assign(new Error('flaky'), { retryable: true, retryAfterMs: null });
        return 'ok';
      },
      { attempts: 3, ...noSleep },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
  });
});
