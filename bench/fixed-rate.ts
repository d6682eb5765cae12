import { Agent, request } from 'node:http';
import type { SignedEvent } from './webhook-load';

const REQUEST_TIMEOUT_MS = 10_000;

export interface FixedRateResult {
  sent: number;
  acknowledged: string[];
  /** Wall-clock time (ms) of the last 2xx answer; 0 when none. */
  lastAckAt: number;
  failed: number;
  /** Why the failed ones failed: "HTTP 503", "ECONNRESET"… with counts. */
  failureReasons: Record<string, number>;
  seconds: number;
  /** Milliseconds from when each request was due to its full response: an open-loop, coordinated-omission-free latency. */
  latencies: number[];
}

/**
 * An open-loop load generator: request i is due at start + i/rate, sent then whatever earlier requests are doing,
 * and timed from when it was due. (autocannon's `overallRate` fires each connection's quota at the top of every
 * second and synthesises latency samples, so its percentiles at a fixed rate are not usable here.)
 */
export async function postAtFixedRate(
  url: string,
  events: SignedEvent[],
  options: { rate: number; seconds: number },
): Promise<FixedRateResult> {
  const target = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.min(events.length, Math.floor(options.rate * options.seconds));
  const intervalMs = 1000 / options.rate;
  const latencies: number[] = [];
  const acknowledged: string[] = [];
  let lastAckAt = 0;
  const failureReasons: Record<string, number> = {};
  const fail = (reason: string) => {
    failureReasons[reason] = (failureReasons[reason] ?? 0) + 1;
  };
  const started = performance.now();
  const pending: Promise<void>[] = [];

  const send = (event: SignedEvent, dueAt: number) =>
    new Promise<void>((resolve) => {
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: { ...event.headers, 'content-length': Buffer.byteLength(event.body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - dueAt);
            if (res.statusCode && res.statusCode >= 200 && res.statusCode < 300) {
              acknowledged.push(event.id);
              lastAckAt = Date.now();
            } else fail(`HTTP ${res.statusCode}`);
            resolve();
          });
        },
      );
      // Bounded: a request the server never answers counts as failed instead of hanging the bench.
      req.setTimeout(REQUEST_TIMEOUT_MS, () =>
        req.destroy(Object.assign(new Error('no answer'), { code: `no answer in ${REQUEST_TIMEOUT_MS / 1000} s` })),
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        fail(error.code ?? error.message);
        resolve();
      });
      req.end(event.body);
    });

  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < total && started + next * intervalMs <= now) {
        pending.push(send(events[next]!, started + next * intervalMs));
        next++;
      }
      if (next < total) setTimeout(tick, Math.max(0, started + next * intervalMs - performance.now()));
      else resolve();
    };
    tick();
  });
  await Promise.all(pending);
  agent.destroy();
  const failed = Object.values(failureReasons).reduce((sum, n) => sum + n, 0);
  return {
    sent: total,
    acknowledged,
    lastAckAt,
    failed,
    failureReasons,
    seconds: (performance.now() - started) / 1000,
    latencies,
  };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
