import { getConfig } from '../config';

/** Whether /api/bench/baseline answers (BENCH_BASELINE_ROUTE); read once, it sits on the benchmark's hot path. */
let enabled: boolean | undefined;
export function benchBaselineEnabled(): boolean {
  enabled ??= getConfig().BENCH_BASELINE_ROUTE;
  return enabled;
}
