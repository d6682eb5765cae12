import { beforeAll, describe, expect, it } from 'vitest';
import { messageSentEvent, messagingDatabase, signedRequest, testVendor } from '../../test/support/messaging';
import type { NormalizedEvent } from '../chat-provider/types';
import { createPool } from '../db/pool';
import { isDatabaseUnavailable } from '../db/unavailable';
import { startPgFaultProxy } from '../../test/support/pg-fault-proxy';
import { IngestBatcher } from './ingest-batcher';
import type { IngestInput, PreparedExecutor } from './ingest-vendor-events';
import { processVendorEventsJob } from './jobs/process-vendor-events';

let env: Awaited<ReturnType<typeof messagingDatabase>>;
const vendor = testVendor();
beforeAll(async () => {
  env = await messagingDatabase();
});

async function request(text = 'hi'): Promise<IngestInput> {
  const raw = messageSentEvent({ conversationId: 'conv-b', senderId: 'u-a', participants: ['u-a', 'u-b'], text });
  const events: NormalizedEvent[] = await vendor.parseWebhook({
    rawBody: JSON.stringify(raw),
    headers: signedRequest(raw).headers,
  });
  return { vendor: 'sandbox', events, rawBody: JSON.stringify(raw), receivedAt: new Date(), source: 'WEBHOOK' };
}

/** Counts statements sent through the executor. */
function counting(executor: PreparedExecutor) {
  const counter = { statements: 0 };
  const wrapped: PreparedExecutor = { query: (config) => ((counter.statements += 1), executor.query(config)) };
  return { counter, wrapped };
}

const jobsFor = async (eventIds: string[]) => {
  const rows = await env.db.vendorEvent.findMany({ where: { vendorEventId: { in: eventIds } }, select: { id: true } });
  const jobs = await env.db.$queryRaw<{ payload: { eventIds: string[] } }[]>`
    SELECT j.payload FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id WHERE t.identifier = ${processVendorEventsJob.name}`;
  return jobs.filter((j) => j.payload.eventIds.some((id) => rows.some((r) => r.id === id)));
};

describe('IngestBatcher (group commit)', () => {
  it('writes a lone request at once, and requests arriving while a statement runs together in the next one', async () => {
    const { counter, wrapped } = counting(env.pool);
    const batcher = new IngestBatcher(wrapped, { maxInFlight: 1, maxEvents: 100 });
    const inputs = await Promise.all(Array.from({ length: 12 }, () => request()));
    const results = await Promise.all(inputs.map((input) => batcher.ingest(input)));
    // The first goes alone; the 11 that queued behind it share one statement, one transaction and one job.
    expect(counter.statements).toBe(2);
    results.forEach((result, i) => expect([...result.accepted]).toEqual([inputs[i]!.events[0]!.eventId]));
    const ids = inputs.map((input) => input.events[0]!.eventId);
    const jobs = await jobsFor(ids);
    expect(jobs.map((j) => j.payload.eventIds.length).sort((a, b) => a - b)).toEqual([1, 11]);
  });

  it('answers each request for its own events: a redelivery in the same batch is a duplicate', async () => {
    const batcher = new IngestBatcher(env.pool, { maxInFlight: 1, maxEvents: 100 });
    const blocker = await request();
    const first = await request();
    const again = { ...first, receivedAt: new Date() };
    const [, a, b] = await Promise.all([batcher.ingest(blocker), batcher.ingest(first), batcher.ingest(again)]);
    expect(a.accepted.size).toBe(1);
    expect(b.accepted.size).toBe(0);
    expect(await env.db.vendorEvent.count({ where: { vendorEventId: first.events[0]!.eventId } })).toBe(1);
  });

  it('isolates a request that breaks its batch: the others are stored, only it fails', async () => {
    const batcher = new IngestBatcher(env.pool, { maxInFlight: 1, maxEvents: 100 });
    const blocker = await request();
    const good = await request();
    const bad = await request();
    // An occurredAt PostgreSQL cannot store makes this request's rows fail the whole statement.
    bad.events = [{ ...bad.events[0]!, occurredAt: new Date(Number.NaN) }];
    const results = await Promise.allSettled([batcher.ingest(blocker), batcher.ingest(good), batcher.ingest(bad)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect(
      await env.db.vendorEvent.count({
        where: { vendorEventId: { in: [good.events[0]!.eventId, bad.events[0]!.eventId] } },
      }),
    ).toBe(1);
  });
});

describe('IngestBatcher limits and outages', () => {
  it('with its default limits, sends at most 200 events per statement: 450 queued requests become 200 + 200 + 46', async () => {
    // The first statements (4 at once by default) hang until released, so the other requests queue behind them.
    let release!: () => void;
    const hung = new Promise<void>((resolve) => (release = resolve));
    const { counter, wrapped } = counting({ query: async (config) => (await hung, env.pool.query(config)) as never });
    const batcher = new IngestBatcher(wrapped);
    const inputs = await Promise.all(Array.from({ length: 450 }, (_, i) => request(`burst ${i}`)));
    const results = Promise.all(inputs.map((input) => batcher.ingest(input)));
    expect(batcher.queued).toBe(446);
    release();
    const answered = await results;
    answered.forEach((result, i) => expect([...result.accepted]).toEqual([inputs[i]!.events[0]!.eventId]));
    expect(counter.statements).toBe(7);
    const jobs = await jobsFor(inputs.map((input) => input.events[0]!.eventId));
    expect(jobs.map((j) => j.payload.eventIds.length).sort((a, b) => a - b)).toEqual([1, 1, 1, 1, 46, 200, 200]);
  });

  it('survives a database restart: the requests caught by it fail as unavailable, the next ones are stored', async () => {
    const proxy = await startPgFaultProxy(env.url);
    const pool = createPool(proxy.url, 2);
    try {
      const batcher = new IngestBatcher(pool, { maxInFlight: 1, maxEvents: 200 });
      await batcher.ingest(await request('before'));
      proxy.stop();
      const during = await Promise.all(
        Array.from({ length: 3 }, async (_, i) =>
          batcher.ingest(await request(`during ${i}`), 10_000).then(
            () => null,
            (error: unknown) => error,
          ),
        ),
      );
      expect(during.map(isDatabaseUnavailable)).toEqual([true, true, true]);
      expect(batcher.queued).toBe(0);
      proxy.resume();
      // Back up: every statement slot is free again and the next requests are written (within a bound).
      const after = await Promise.all([request('after 1'), request('after 2')]);
      const stored = await Promise.all(after.map((input) => batcher.ingest(input, 10_000)));
      expect(stored.map((r) => r.accepted.size)).toEqual([1, 1]);
      expect(
        await env.db.vendorEvent.count({ where: { vendorEventId: { in: after.map((a) => a.events[0]!.eventId) } } }),
      ).toBe(2);
    } finally {
      await pool.end();
      await proxy.close();
    }
  });
});

describe('IngestBatcher deadline (a frozen database)', () => {
  it('a request still queued at its deadline is refused as unavailable and withdrawn: never written later', async () => {
    // The statement in flight hangs like one sent to a SIGSTOPped server, until released.
    let release!: () => void;
    const hung = new Promise<void>((resolve) => (release = resolve));
    const { counter, wrapped } = counting({ query: async (config) => (await hung, env.pool.query(config)) as never });
    const batcher = new IngestBatcher(wrapped, { maxInFlight: 1, maxEvents: 100 });
    const first = batcher.ingest(await request('first'), 60_000);
    const queued = await request('queued');
    const refused = await batcher.ingest(queued, 20).then(
      () => null,
      (error: unknown) => error,
    );
    expect(isDatabaseUnavailable(refused)).toBe(true);
    expect(batcher.queued).toBe(0);
    release();
    await first;
    expect(counter.statements).toBe(1);
    expect(await env.db.vendorEvent.count({ where: { vendorEventId: queued.events[0]!.eventId } })).toBe(0);
  });
});
