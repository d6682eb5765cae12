import { describe, expect, it } from 'vitest';
import { nextReplayDelayMs, REPLAY_MAX_DELAY_MS, shouldGiveUp } from './replay-schedule';

describe('nextReplayDelayMs', () => {
  it('starts at 5 s and doubles up to 2 minutes', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 30].map((n) => nextReplayDelayMs(n, null))).toEqual([
      5_000,
      10_000,
      20_000,
      40_000,
      80_000,
      120_000,
      120_000,
      REPLAY_MAX_DELAY_MS,
    ]);
  });

  it('waits at least as long as the vendor asks, but never more than 10 minutes', () => {
    expect(nextReplayDelayMs(1, 30_000)).toBe(30_000);
    expect(nextReplayDelayMs(5, 1_000)).toBe(80_000);
    expect(nextReplayDelayMs(1, 3_600_000)).toBe(600_000);
  });
});

describe('shouldGiveUp', () => {
  it('keeps trying for a day', () => {
    const written = new Date('2026-01-01T00:00:00Z');
    expect(shouldGiveUp(written, new Date('2026-01-01T23:59:59Z'))).toBe(false);
    expect(shouldGiveUp(written, new Date('2026-01-02T00:00:00Z'))).toBe(true);
  });
});
