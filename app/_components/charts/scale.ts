/** A "nice" upper bound and ticks for a linear axis from `min` (default 0). */
export function niceTicks(maxValue: number, count = 4, min = 0): number[] {
  const span = Math.max(maxValue - min, 1e-9);
  const rough = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? rough;
  const ticks: number[] = [];
  for (let v = min; v <= min + step * count + 1e-9; v += step) {
    ticks.push(Number(v.toFixed(10)));
    if (v >= maxValue) break;
  }
  return ticks;
}

/** Ticks ending exactly at `max` (e.g. 100 %) and reaching down to `min` or just below it. */
export function ticksDownFrom(max: number, min: number, count = 4): number[] {
  const step = niceTicks(max, count, min)[1]! - niceTicks(max, count, min)[0]!;
  const ticks: number[] = [];
  for (let v = max; ticks.length <= count + 1; v -= step) {
    ticks.unshift(Number(v.toFixed(10)));
    if (v <= min) break;
  }
  return ticks;
}

/** Every n-th label so that at most `max` show. */
export function labelEvery(total: number, max: number): number {
  return Math.max(1, Math.ceil(total / max));
}
