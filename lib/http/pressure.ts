import { monitorEventLoopDelay, performance, type EventLoopUtilization } from 'node:perf_hooks';
import { pressureConfig, type PressureConfig } from '../config';
import { AppError } from '../errors';
import { pressureMetrics } from './pressure-metrics';

// Load shedding when the web process is starved ("under pressure"). Every deadline of ours counts from when a route
// handler starts; a request that waits before that — Node has not parsed it, Next.js has not routed it, because the
// process gets no CPU — is bounded by nothing of ours (the chaos bench saw minutes at load average 24–53). Vendors
// time a webhook delivery out after ~5–15 s and retry, so a fast 503 + Retry-After beats a 200 after 30 s.
//
// The measure is @fastify/under-pressure's (https://github.com/fastify/under-pressure, index.js): node:perf_hooks
// `monitorEventLoopDelay` (mean delay over the sample, minus its resolution) and `performance.eventLoopUtilization`
// between samples. That plugin hooks Fastify's onRequest and cannot sit in front of Next.js route handlers, which
// have no such hook, so the sampler (a few lines over Node's own API) is ours and the decision is made in route().

/** monitorEventLoopDelay's timer resolution (ms), as in @fastify/under-pressure. */
const RESOLUTION_MS = 10;

/**
 * Samples in a row over a bound before routes shed. One long block — a large module loaded on first use, a GC
 * pause — is not starvation, and a request arriving after it is served on time; starvation lags every sample.
 */
const SUSTAINED_SAMPLES = 2;

/** One reading of the process's pressure. */
export interface PressureSample {
  /** Event-loop delay over the last sample (ms): the larger of the histogram's mean and this sampler's own lateness. */
  eventLoopDelayMs: number;
  /** Share of the last sample the event loop was busy (0–1). */
  eventLoopUtilization: number;
  /** Whether a bound was passed in SUSTAINED_SAMPLES samples in a row: routes shed until a sample is under both. */
  underPressure: boolean;
}

/**
 * Refused before any work because the web process is starved (event-loop delay or utilization over its bound):
 * answered 503 + Retry-After with code `overloaded` (lib/http/error-response.ts), so the sender retries later.
 */
export class OverloadedError extends AppError {
  override readonly name = 'OverloadedError';
  readonly code = 'OVERLOADED';
}

class PressureSampler {
  private readonly histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  private lastElu: EventLoopUtilization = performance.eventLoopUtilization();
  private lastTick = performance.now();
  private readonly timer: NodeJS.Timeout;
  private waiters: ((sample: PressureSample) => void)[] = [];
  private samplesOver = 0;
  current: PressureSample = { eventLoopDelayMs: 0, eventLoopUtilization: 0, underPressure: false };

  constructor(readonly config: PressureConfig) {
    this.histogram.enable();
    this.timer = setInterval(() => this.sample(), config.sampleIntervalMs);
    // Never keeps a process (or a test) alive on its own.
    this.timer.unref();
  }

  private sample(): void {
    const now = performance.now();
    // The histogram's own timer may not have recorded a block yet when this interval fires right after it; this
    // interval's lateness measures the same block directly.
    const lateness = Math.max(0, now - this.lastTick - this.config.sampleIntervalMs);
    this.lastTick = now;
    const mean = this.histogram.mean / 1e6;
    const histogramDelay = Number.isFinite(mean) ? Math.max(0, mean - RESOLUTION_MS) : 0;
    this.histogram.reset();
    const elu = performance.eventLoopUtilization(this.lastElu).utilization;
    this.lastElu = performance.eventLoopUtilization();
    const eventLoopDelayMs = Math.max(histogramDelay, lateness);
    const { maxEventLoopDelayMs, maxEventLoopUtilization } = this.config;
    const over =
      (maxEventLoopDelayMs > 0 && eventLoopDelayMs > maxEventLoopDelayMs) ||
      (maxEventLoopUtilization > 0 && elu > maxEventLoopUtilization);
    this.samplesOver = over ? this.samplesOver + 1 : 0;
    const underPressure = this.samplesOver >= SUSTAINED_SAMPLES;
    this.current = { eventLoopDelayMs, eventLoopUtilization: elu, underPressure };
    const metrics = pressureMetrics();
    metrics.delay.set(eventLoopDelayMs / 1000);
    metrics.utilization.set(elu);
    metrics.underPressure.set(underPressure ? 1 : 0);
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve(this.current);
  }

  /** Resolves with the next sample taken (tests wait on a recorded reading, never on the clock). */
  nextSample(): Promise<PressureSample> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  stop(): void {
    clearInterval(this.timer);
    this.histogram.disable();
  }
}

// Next.js may load a module once per route bundle: one sampler per process, on globalThis (like the metrics registry).
const store = globalThis as unknown as { chatwatchPressure?: PressureSampler };

/** The process's sampler, started on first use with PRESSURE_* from the environment (or `config`, for tests). */
export function pressureSampler(config?: PressureConfig): PressureSampler {
  store.chatwatchPressure ??= new PressureSampler(config ?? pressureConfig());
  return store.chatwatchPressure;
}

/** Stops and forgets the process's sampler (tests start one with their own thresholds). */
export function stopPressureSampler(): void {
  store.chatwatchPressure?.stop();
  store.chatwatchPressure = undefined;
}

/** The last reading (health and metrics report it). */
export function currentPressure(): PressureSample {
  return pressureSampler().current;
}

/**
 * The one shed decision: an OverloadedError when the process is under pressure (counted per route in
 * http_shed_responses_total), else null. route() asks before the handler runs, so a shed request touches nothing.
 */
export function refuseUnderPressure(routeName: string): OverloadedError | null {
  const { current } = pressureSampler();
  if (!current.underPressure) return null;
  pressureMetrics().shed.inc({ route: routeName });
  return new OverloadedError(
    `shed under pressure: event-loop delay ${Math.round(current.eventLoopDelayMs)} ms, utilization ${current.eventLoopUtilization.toFixed(2)}`,
  );
}
