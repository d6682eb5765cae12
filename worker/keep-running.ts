import type { Runner } from 'graphile-worker';
import type { Logger } from 'pino';
import type { DatabaseOutage } from '../lib/db/outage';
import { backoffDelay } from '../lib/retry';

export interface KeepRunningOptions {
  /** Starts one graphile-worker runner (./runner.ts startWorker). */
  start: () => Promise<Runner>;
  log: Logger;
  outage: DatabaseOutage;
  /** Back-off between restarts: doubles from `baseDelayMs` up to `maxDelayMs` (equal jitter, lib/retry.ts). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Injected by tests. */
  sleep?: (ms: number) => Promise<void>;
}

export interface KeptRunner {
  /** Stops the current runner (finishing its running jobs) and starts no other. */
  stop(): Promise<void>;
  /** Resolves once stop() has finished. */
  done: Promise<void>;
  /** Runners started so far (1 while nothing has failed). */
  readonly starts: number;
}

/**
 * Keeps a graphile-worker runner alive through database loss. graphile-worker ends a worker pool when it cannot
 * complete or fail jobs after its retries (main.js: "Could not completeJobs; queue is in an inconsistent state;
 * aborting"), rejecting `runner.promise` — and `run()` itself throws while PostgreSQL is unreachable. Both are
 * an outage, not a reason to exit: this waits with exponential back-off and starts a fresh runner. Jobs the
 * ended pool held are released by the dead-worker sweep (./liveness.ts) and retried, so none is lost; the
 * outage is logged once and counted (lib/db/outage.ts).
 */
export function keepRunning(options: KeepRunningOptions): KeptRunner {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const base = options.baseDelayMs ?? 500;
  const max = options.maxDelayMs ?? 15_000;
  let stopping = false;
  let current: Runner | undefined;
  let starts = 0;
  let wake: (() => void) | undefined;

  const loop = async () => {
    for (let failures = 0; !stopping;) {
      try {
        current = await options.start();
        starts++;
        if (stopping) return void (await current.stop());
        options.outage.up();
        failures = 0;
        await current.promise;
        if (stopping) return;
        options.log.warn('worker runner ended on its own; starting a new one');
      } catch (error) {
        if (stopping) return;
        options.outage.down(error);
        options.log.debug({ err: error }, 'worker runner failed');
      }
      current = undefined;
      failures++;
      await Promise.race([sleep(backoffDelay(failures, base, max)), new Promise<void>((resolve) => (wake = resolve))]);
    }
  };
  const done = loop();
  return {
    get starts() {
      return starts;
    },
    done,
    async stop() {
      stopping = true;
      wake?.();
      await current
        ?.stop()
        .catch((error: unknown) => options.log.warn({ err: error }, 'worker runner stopped with an error'));
      await done;
    },
  };
}
