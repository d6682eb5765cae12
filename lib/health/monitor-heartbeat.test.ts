import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/db';
import { readMonitorHealth } from './monitor-heartbeat';

let pool: pg.Pool;

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: await createTestDatabase(), max: 1 });
});
afterAll(() => pool.end());

const beat = (instanceId: string, isLeader: boolean, secondsAgo: number) =>
  pool.query(
    `INSERT INTO monitor_heartbeat ("instanceId", hostname, pid, version, "isLeader", "startedAt", "lastSeenAt") VALUES ($1, 'h', 1, '0', $2, now(), now() - make_interval(secs => $3))
     ON CONFLICT ("instanceId") DO UPDATE SET "isLeader" = $2, "lastSeenAt" = now() - make_interval(secs => $3)`,
    [instanceId, isLeader, secondsAgo],
  );

describe('the monitor heartbeat in /api/health', () => {
  it('is stale before any monitor led, fresh while a leader beats, and stale again once it stops', async () => {
    expect(await readMonitorHealth(pool, 90)).toMatchObject({ ok: false, lastSeenAt: null, leader: null, replicas: 0 });
    await beat('m-1', true, 5);
    await beat('m-2', false, 3);
    expect(await readMonitorHealth(pool, 90)).toMatchObject({ ok: true, leader: 'm-1', ageSeconds: 5, replicas: 2 });
    await beat('m-1', true, 200);
    await beat('m-2', false, 200);
    expect(await readMonitorHealth(pool, 90)).toMatchObject({ ok: false, leader: 'm-1', ageSeconds: 200, replicas: 0 });
  });

  it('reports an unreadable table instead of throwing', async () => {
    const broken = new pg.Pool({
      connectionString: 'postgresql://nobody@127.0.0.1:9/none',
      max: 1,
      connectionTimeoutMillis: 500,
    });
    try {
      expect(await readMonitorHealth(broken, 90)).toMatchObject({ ok: false, error: expect.any(String) });
    } finally {
      await broken.end();
    }
  });
});
