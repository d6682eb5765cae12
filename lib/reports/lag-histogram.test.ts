import { describe, expect, it } from 'vitest';
import { addHistograms, emptyHistogram, histogramQuantile, LAG_BUCKET_RATIO, lagBucket } from './lag-histogram';

describe('lag histogram', () => {
  it('puts lags in logarithmic buckets', () => {
    expect(lagBucket(0)).toBe(0);
    expect(lagBucket(1)).toBe(0);
    expect(lagBucket(1.3)).toBe(1);
    expect(lagBucket(100)).toBe(20); // 1.25^20 = 86.7, 1.25^21 = 108.4
    expect(lagBucket(1e12)).toBe(71);
  });

  it('estimates percentiles within one bucket of the exact value, summed over days', () => {
    const dayOne = emptyHistogram();
    const dayTwo = emptyHistogram();
    const lags: number[] = [];
    for (let i = 1; i <= 1000; i++) {
      const lag = i * 3; // 3 ms … 3 s, evenly
      lags.push(lag);
      (i % 2 ? dayOne : dayTwo)[lagBucket(lag)]! += 1;
    }
    const merged = addHistograms(emptyHistogram(), dayOne);
    addHistograms(merged, dayTwo);
    for (const q of [0.5, 0.95, 0.99]) {
      const exact = lags[Math.ceil(q * lags.length) - 1]!;
      const estimate = histogramQuantile(merged, q)!;
      expect(estimate / exact).toBeGreaterThan(1 / LAG_BUCKET_RATIO);
      expect(estimate / exact).toBeLessThan(LAG_BUCKET_RATIO);
    }
  });

  it('has no percentile without samples', () => {
    expect(histogramQuantile(emptyHistogram(), 0.5)).toBeNull();
  });
});
