import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageSentEvent, messagingDatabase, signedRequest, testVendor } from '../../test/support/messaging';
import { checkHealth } from '../health/check-health';
import { receiveVendorWebhook } from '../messaging/receive-vendor-webhook';
import { pressureSampler, stopPressureSampler, type PressureSample } from './pressure';
import { pressureMetrics } from './pressure-metrics';
import { route } from './route';

// Load shedding on a starved web process (lib/http/pressure.ts): the real webhook intake on a real PostgreSQL,
// behind route(). The starvation is real too: a timer that busy-waits the event loop on every turn, as a process
// that gets no CPU does. Every wait is on a recorded sample, never on the clock.

let env: Awaited<ReturnType<typeof messagingDatabase>>;
const vendor = testVendor();
const MAX_DELAY_MS = 100;

beforeAll(async () => {
  env = await messagingDatabase();
  stopPressureSampler();
  pressureSampler({ maxEventLoopDelayMs: MAX_DELAY_MS, maxEventLoopUtilization: 0, sampleIntervalMs: 50 });
});
afterAll(() => stopPressureSampler());

let handlerRuns = 0;
const intake = route('vendor-webhook', async (request, { log, startedAt }) => {
  handlerRuns++;
  return Response.json(await receiveVendorWebhook(request, { vendor, db: env.pool, log, startedAt }));
});
const post = (request: Request) => intake(request, { params: Promise.resolve({}) });

function busyWait(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // starving the event loop on purpose
  }
}

/** Keeps the event loop blocked 250 ms on every turn until stopped: sustained starvation. */
function starve(): () => void {
  const timer = setInterval(() => busyWait(250), 10);
  return () => clearInterval(timer);
}

/** Resolves with the first recorded sample that satisfies `test`. */
async function sampleWhere(test: (sample: PressureSample) => boolean): Promise<PressureSample> {
  const sampler = pressureSampler();
  let sample = sampler.current;
  while (!test(sample)) sample = await sampler.nextSample();
  return sample;
}

const shedCount = async () =>
  (await pressureMetrics().shed.get()).values.find((v) => v.labels.route === 'vendor-webhook')?.value ?? 0;

const event = (text: string) =>
  messageSentEvent({ conversationId: 'conv-pressure', senderId: 'u-a', participants: ['u-a', 'u-b'], text });

describe('load shedding under pressure', () => {
  it('a starved process answers 503 + Retry-After before the handler runs and writes nothing; health still answers', async () => {
    await sampleWhere((s) => !s.underPressure);
    const runsBefore = handlerRuns;
    const shedBefore = await shedCount();
    const e = event('while starved');
    const stop = starve();
    let response: Response;
    let health: Awaited<ReturnType<typeof checkHealth>>;
    try {
      const seen = await sampleWhere((s) => s.underPressure);
      expect(seen.eventLoopDelayMs).toBeGreaterThan(MAX_DELAY_MS);
      response = await post(signedRequest(e));
      // Health is not behind route(): it answers (within its own deadline) and says why routes shed.
      health = await checkHealth({ databaseUrl: env.url, staleSeconds: 60 });
    } finally {
      stop();
    }
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await response.json()).toMatchObject({ error: { code: 'overloaded' } });
    expect(handlerRuns).toBe(runsBefore);
    expect(await shedCount()).toBe(shedBefore + 1);
    expect(health.pressure.underPressure).toBe(true);
    expect(health.pressure.eventLoopDelayMs).toBeGreaterThan(MAX_DELAY_MS);
    // Nothing was written: the same event, delivered again once the process serves, is stored by that delivery.
    await sampleWhere((s) => !s.underPressure);
    expect(await env.db.vendorEvent.count({ where: { vendorEventId: e.id } })).toBe(0);
  });

  it('one long block is not starvation: the sample after it is over the bound, and the route still serves', async () => {
    await sampleWhere((s) => s.eventLoopDelayMs < MAX_DELAY_MS);
    busyWait(300);
    const after = await pressureSampler().nextSample();
    expect(after.eventLoopDelayMs).toBeGreaterThan(MAX_DELAY_MS);
    expect(after.underPressure).toBe(false);
    const e = event('after one block');
    expect((await post(signedRequest(e))).status).toBe(200);
    expect(await env.db.vendorEvent.count({ where: { vendorEventId: e.id } })).toBe(1);
  });

  it('serves again once a sample shows the pressure gone, and the sender retry is stored once', async () => {
    const stop = starve();
    await sampleWhere((s) => s.underPressure).finally(stop);
    const e = event('retried after the pressure');
    expect((await post(signedRequest(e))).status).toBe(503);

    await sampleWhere((s) => !s.underPressure);
    const runsBefore = handlerRuns;
    const response = await post(signedRequest(e));
    expect(response.status).toBe(200);
    expect(handlerRuns).toBe(runsBefore + 1);
    expect(await env.db.vendorEvent.count({ where: { vendorEventId: e.id } })).toBe(1);
    const health = await checkHealth({ databaseUrl: env.url, staleSeconds: 60 });
    expect(health.database.ok).toBe(true);
  });
});
