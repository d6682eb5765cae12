import { describe, expect, it } from 'vitest';
import { nextRestart, type RestartPolicy } from './restart-policy';

const policy: RestartPolicy = { windowMs: 60_000, budget: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

describe('restart policy (budget per window, exponential back-off)', () => {
  it('doubles the delay per restart within the window, then backs off at the maximum once over budget — never gives up', () => {
    const history: number[] = [];
    const delays = Array.from({ length: 8 }, (_, i) => nextRestart(history, 1000 + i * 100, policy));
    expect(delays.map((d) => d.delayMs)).toEqual([500, 1000, 2000, 4000, 8000, 30_000, 30_000, 30_000]);
    expect(delays.map((d) => d.overBudget)).toEqual([false, false, false, false, false, true, true, true]);
  });

  it('forgets restarts older than the window: five restarts a lifetime apart never exhaust anything', () => {
    const history: number[] = [];
    const decisions = Array.from({ length: 20 }, (_, i) => nextRestart(history, i * 61_000, policy));
    expect(decisions.every((d) => d.inWindow === 1 && d.delayMs === 500 && !d.overBudget)).toBe(true);
  });

  it('a crash loop that stops (dependency back) recovers its short delays once the window has slid past', () => {
    const history: number[] = [];
    for (let i = 0; i < 10; i++) nextRestart(history, i * 1000, policy);
    expect(nextRestart(history, 9000 + 61_000, policy)).toMatchObject({ inWindow: 1, delayMs: 500, overBudget: false });
  });
});
