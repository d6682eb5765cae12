import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../lib/db/client';
import { createTestDatabase } from '../../test/support/db';
import { createMonitor, type Monitor } from '../monitor';
import { eventually, scriptedCheck, testConfig } from '../../test/support/monitor';
import { startRun } from './record-run';

// Two monitor replicas on one database: one leader schedules, every tick runs exactly once, and the other
// replica takes over when the leader stops. Every wait is for a recorded outcome (run rows, leadership, heartbeats),
// bounded generously: on a loaded machine each one-second tick's run can take longer than a second.

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

    await eventually(async () => (await ticks()).length >= 4, 30_000, 'four ticks');
    const before = await ticks();
    expect(before.every((t) => t.runs === 1)).toBe(true);
    expect(new Set(before.flatMap((t) => t.instances))).toEqual(new Set(['replica-a']));
    expect(b.check.attempts).toBe(0);
    // Ticks on whole seconds, each a later second than the one before. Not "none missed": a tick node-cron is more
    // than a second late for, or one that finds the previous run still going, is skipped by design, and on a loaded
    // machine a run of this one-second schedule can take longer than a second.
    const seconds = before.map((t) => t.scheduledFor.getTime() / 1000);
    expect(seconds.every((s, i) => Number.isInteger(s) && (i === 0 || s > seconds[i - 1]!))).toBe(true);

    const leaders = async () =>
      (await db.monitorHeartbeat.findMany({ orderBy: { instanceId: 'asc' } })).map((h) => [h.instanceId, h.isLeader]);
    await eventually(async () => (await leaders()).length === 2, 30_000, 'both heartbeats');
    expect(await leaders()).toEqual([
      ['replica-a', true],
      ['replica-b', false],
    ]);

    await a.monitor.stop();
    await eventually(async () => b.monitor.isLeader, 30_000, 'replica b to lead');
    await eventually(async () => b.check.attempts >= 2, 30_000, 'replica b to run ticks');
    // Counted once b has stopped too (its runs in progress finished): a tick b had recorded but not yet started
    // would otherwise be in one count and not the other.
    await b.monitor.stop();
    const after = await ticks();
    expect(after.every((t) => t.runs === 1)).toBe(true);
    expect(after.at(-1)!.instances).toEqual(['replica-b']);
    // A tick whose run could not even be recorded (our database did not answer in time, as on a loaded machine) is
    // recorded later as a failure of ours, and its check never ran: those rows are not the check's runs.
    const rows = await db.$queryRaw<{ scheduledFor: Date; status: string; error: string | null }[]>`
      SELECT "scheduledFor", status, error FROM check_run WHERE "check" = 'vendor-api' AND attempt = 1 ORDER BY "startedAt"`;
    const lost = rows.filter((r) => r.error?.startsWith('our database did not answer'));
    expect(lost.every((r) => r.status === 'FAILED')).toBe(true);
    expect(a.check.attempts + b.check.attempts, JSON.stringify(rows)).toBe(after.length - lost.length);
  }, 150_000);
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
