import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../lib/db/client';
import { createTestDatabase } from '../../test/support/db';
import { createMonitor, type Monitor } from '../monitor';
import { eventually, scriptedCheck, testConfig } from '../../test/support/monitor';
import { startRun } from './record-run';

// Two monitor replicas on one database: one leader schedules, every tick runs exactly once, and the other
// replica takes over when the leader stops. Bounded: ≈ 10 s.

const silent = pino({ level: 'silent' });
let url: string;
let db: Db;
const monitors: Monitor[] = [];

beforeAll(async () => {
  url = await createTestDatabase();
  db = createDb(url, 2);
});

afterAll(async () => {
  await Promise.all(monitors.map((m) => m.stop()));
  await db.$disconnect();
});

function replica(name: string) {
  const config = testConfig(url, {
    MONITOR_CHECKS: 'vendor-api',
    MONITOR_SCHEDULE_VENDOR_API: '* * * * * *',
    MONITOR_INSTANCE_ID: name,
    MONITOR_HEARTBEAT_SECONDS: '1',
  });
  const check = scriptedCheck('vendor-api', 'vendor_api', () => 'pass');
  const monitor = createMonitor({ config, log: silent, checks: { 'vendor-api': check }, channels: [], metricsPort: 0 });
  monitors.push(monitor);
  return { monitor, check };
}

async function ticks() {
  return db.$queryRaw<{ scheduledFor: Date; runs: number; instances: string[] }[]>`
    SELECT "scheduledFor", count(*)::int AS runs, array_agg(DISTINCT "instanceId") AS instances FROM check_run
    WHERE "check" = 'vendor-api' AND attempt = 1 GROUP BY "scheduledFor" ORDER BY "scheduledFor"`;
}

describe('two monitors on one database', () => {
  it('run each scheduled check once per tick, on the leader only, and fail over when the leader stops', async () => {
    const a = replica('replica-a');
    const b = replica('replica-b');
    await a.monitor.start();
    await b.monitor.start();
    expect([a.monitor.isLeader, b.monitor.isLeader]).toEqual([true, false]);

    await eventually(async () => (await ticks()).length >= 4, 8000, 'four ticks');
    const before = await ticks();
    expect(before.every((t) => t.runs === 1)).toBe(true);
    expect(new Set(before.flatMap((t) => t.instances))).toEqual(new Set(['replica-a']));
    expect(b.check.attempts).toBe(0);
    // Consecutive ticks, none missed: one per second.
    const seconds = before.map((t) => t.scheduledFor.getTime() / 1000);
    expect(seconds.at(-1)! - seconds[0]!).toBe(seconds.length - 1);

    const heartbeats = await db.monitorHeartbeat.findMany({ orderBy: { instanceId: 'asc' } });
    expect(heartbeats.map((h) => [h.instanceId, h.isLeader])).toEqual([
      ['replica-a', true],
      ['replica-b', false],
    ]);

    await a.monitor.stop();
    await eventually(async () => b.monitor.isLeader, 3000, 'replica b to lead');
    await eventually(async () => b.check.attempts >= 2, 4000, 'replica b to run ticks');
    const after = await ticks();
    expect(after.every((t) => t.runs === 1)).toBe(true);
    expect(after.at(-1)!.instances).toEqual(['replica-b']);
    expect(a.check.attempts + b.check.attempts).toBe(after.length);
  });
});

describe('the tick guard', () => {
  it('lets only one replica start a given (check, tick, attempt), even if two believed they lead', async () => {
    const tick = {
      check: 'reconciliation',
      trigger: 'SCHEDULED' as const,
      scheduledFor: new Date('2025-03-04T09:05:30Z'),
      attempt: 1,
      retryOfId: null,
    };
    const [a, b] = await Promise.all([
      startRun(db, { ...tick, instanceId: 'a' }),
      startRun(db, { ...tick, instanceId: 'b' }),
    ]);
    expect([a, b].filter((id) => id !== null)).toHaveLength(1);
  });
});
