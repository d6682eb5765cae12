import { availableParallelism, loadavg } from 'node:os';
import { CheckTimeoutError, WaitTimeoutError } from '../checks/errors';

/** The sampling timer's period: short enough to see a stall of tens of ms, costing one timer wake-up per period. */
const RESOLUTION_MS = 10;

/**
 * A tick later than this counts as a stall. Below it is the scheduling jitter of a shared host: at load 6 on two
 * cores each 10 ms tick ran a few ms late, which summed to over 25 % of an idle 2 s wait (a unit test of a hung step
 * was blamed on the monitor). A starved process stalls for hundreds of ms at a time, well above it.
 */
const STALL_FLOOR_MS = 50;

/** How starved of CPU the monitor's own process was while one step ran (docs/monitor.md § "Our own CPU starvation"). */
export interface LoopLag {
  step: string;
  /** The step's wall time, ms. */
  wallMs: number;
  /** How long, in total, the event loop ran later than asked during the step, in stalls of STALL_FLOOR_MS or more, ms. */
  lagMs: number;
  /** lagMs ÷ wallMs, 0–1: the share of the step during which the monitor could not run when it needed to. */
  share: number;
  /** The longest single stall, ms. */
  maxDelayMs: number;
  /** The host's 1-minute load average per core when the step ended (context only, not judged). */
  loadPerCore: number;
}

/**
 * Starts measuring the monitor process's event-loop delay for one step: a timer every RESOLUTION_MS notes how
 * much later than asked it ran. Time beyond the resolution is time the process wanted to run and could not:
 * blocked by itself, or not given a CPU by the host. Playwright's client and driver run in this same process, so
 * every wait a step makes is paced by this loop. Node's `perf_hooks.monitorEventLoopDelay` samples the same way,
 * but its histogram only holds stalls that have ended: a timeout that fires at the end of a stall is read before
 * the sampler records it, so `stop()` here adds the stall still in progress.
 * `stop()` ends the sampler and returns the figures (the same ones on a later call).
 */
export function measureLoopLag(step: string): { stop(): LoopLag } {
  const t0 = performance.now();
  let last = t0;
  let lagMs = 0;
  let maxDelayMs = 0;
  const note = (now: number) => {
    const delay = Math.max(0, now - last - RESOLUTION_MS);
    if (delay >= STALL_FLOOR_MS) lagMs += delay;
    maxDelayMs = Math.max(maxDelayMs, delay);
    last = now;
  };
  const timer = setInterval(() => note(performance.now()), RESOLUTION_MS);
  timer.unref();
  let result: LoopLag | null = null;
  return {
    stop() {
      if (result) return result;
      clearInterval(timer);
      const now = performance.now();
      note(now);
      const wallMs = now - t0;
      result = {
        step,
        wallMs: Math.round(wallMs),
        lagMs: Math.round(lagMs),
        share: wallMs > 0 ? Math.min(1, lagMs / wallMs) : 0,
        maxDelayMs: Math.round(maxDelayMs),
        loadPerCore: Math.round((loadavg()[0]! / availableParallelism()) * 100) / 100,
      };
      return result;
    },
  };
}

/**
 * True when the throw is a failure by waiting: the run's own timeout, a Playwright wait that timed out
 * (`errors.TimeoutError`, name "TimeoutError"), or one of the checks' polls that ran out (WaitTimeoutError),
 * found anywhere in its cause chain. A party that answered (an error status, a fallback notice, a script error)
 * failed fast and is not slowness.
 */
export function isSlowness(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { answered?: unknown }).answered === true) return false;
    if (e instanceof CheckTimeoutError || e instanceof WaitTimeoutError) return true;
    if ((e as { name?: unknown }).name === 'TimeoutError') return true;
  }
  return false;
}

/** The failure text that says the monitor, not the step's component, took the time, with the measured figure. */
export function starvedMessage(lag: LoopLag, threshold: number, component: string, original: string): string {
  const pct = (x: number) => `${Math.round(x * 100)} %`;
  return (
    `the monitor was starved of CPU during step ${lag.step}: its event loop was held up ${lag.lagMs} ms of ` +
    `${lag.wallMs} ms (${pct(lag.share)}, longest stall ${lag.maxDelayMs} ms, load ${lag.loadPerCore}/core; ` +
    `MONITOR_STARVED_LOOP_SHARE ${pct(threshold)}), so this timeout is ours, not a failure of ${component}: ${original}`
  );
}
