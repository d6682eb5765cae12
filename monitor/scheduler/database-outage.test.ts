import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../lib/db/client';
import { createTestDatabase } from '../../test/support/db';
import { eventually, scriptedCheck, testConfig } from '../../test/support/monitor';
import { startPgFaultProxy, type PgFaultProxy } from '../../test/support/pg-fault-proxy';
import { createMonitor, type Monitor } from '../monitor';

// Our own database going away, as the monitor lives it: it cannot record runs nor hold its leader lock, so
// before this the outage left no trace at all (bench:truth found it: "database paused 20 s" was missed). A
// real PostgreSQL behind a TCP proxy that refuses connections (a stopped server).

let url: string;
let db: Db;
let proxy: PgFaultProxy;
let monitor: Monitor | null = null;

beforeAll(async () => {
  url = await createTestDatabase();
  db = createDb(url, 2);
  proxy = await startPgFaultProxy(url);
});

afterAll(async () => {
  await monitor?.stop();
  await proxy.close();
  await db.$disconnect();
});

describe('monitor: our database away', () => {
  it('records the ticks it lost as failures of our database, opens a database incident (ours) from the first, and resolves it on recorded passes', async () => {
    const config = testConfig(proxy.url, {
      MONITOR_CHECKS: 'vendor-api',
      MONITOR_SCHEDULE_VENDOR_API: '* * * * * *',
      MONITOR_CONFIRM_INTERVAL_SECONDS: '1',
      MONITOR_LEADER_POLL_SECONDS: '1',
    });
    const check = scriptedCheck('vendor-api', 'vendor_api', () => 'pass');
    monitor = createMonitor({
      config,
      log: pino({ level: 'silent' }),
      checks: { 'vendor-api': check },
      metricsPort: 0,
    });
    await monitor.start();
    await eventually(
      async () => (await db.checkRun.count({ where: { status: 'PASSED', counted: true } })) >= 2,
      10_000,
      'two passing runs',
    );

    const down = new Date();
    proxy.stop();
    await eventually(async () => !monitor!.isLeader, 10_000, 'the monitor to step down');
    // Every election attempt is a connection the proxy refuses: three of them span at least two ticks.
    const attempts = proxy.connections;
    await eventually(async () => proxy.connections >= attempts + 3, 10_000, 'three refused election attempts');
    const up = new Date();
    proxy.resume();

    const incident = await eventually(
      () => db.incident.findFirst({ where: { component: 'database' } }),
      15_000,
      'a database incident',
    );
    expect(incident).toMatchObject({ party: 'ours', openedBy: 'vendor-api' });
    expect(incident.startedAt.getTime()).toBeGreaterThanOrEqual(down.getTime());
    expect(incident.startedAt.getTime()).toBeLessThan(up.getTime());
    expect(incident.detectedAt.getTime()).toBeGreaterThanOrEqual(up.getTime());
    const lost = await db.checkRun.findMany({ where: { failedStep: 'record' }, orderBy: { startedAt: 'asc' } });
    expect(lost.length).toBeGreaterThanOrEqual(2);
    expect(lost.every((r) => r.counted && r.failedComponent === 'database' && r.failedParty === 'ours')).toBe(true);
    expect(lost[0]!.error).toMatch(/^our database did not answer/);
    // No vendor component was blamed for it.
    expect(await db.incident.count({ where: { party: { not: 'ours' } } })).toBe(0);

    const resolved = await eventually(
      () => db.incident.findFirst({ where: { id: incident.id, status: 'RESOLVED' } }),
      15_000,
      'the database incident to resolve',
    );
    expect(resolved.recoveredAt!.getTime()).toBeGreaterThanOrEqual(up.getTime());
  });
});
