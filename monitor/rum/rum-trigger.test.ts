import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../lib/db/client';
import { createTestDatabase } from '../../test/support/db';
import { makeProject, makeUser } from '../../test/support/marketplace';
import { eventually, scriptedCheck, testConfig, type Outcome } from '../../test/support/monitor';
import { createMonitor, type Monitor } from '../monitor';

// The RUM trigger end to end on a real PostgreSQL: beacons rows as the beacon route writes them, the monitor
// polling them every 100 ms, and a scripted chat journey that never ticks on its own (1 January only), so
// every run recorded here was started by real users' failures. Each test waits on recorded runs and on the
// watch's own last look (its gauges), never on time.

const silent = pino({ level: 'silent' });
let url: string;
let db: Db;
let monitor: Monitor | null = null;

beforeAll(async () => {
  url = await createTestDatabase();
  db = createDb(url, 2);
});
afterEach(async () => {
  await monitor?.stop();
  monitor = null;
  await db.$executeRawUnsafe('TRUNCATE check_run, check_state, incident, chat_embed_beacon CASCADE');
});
afterAll(() => db.$disconnect());

function start(plan: (attempt: number) => Outcome) {
  const config = testConfig(url, {
    MONITOR_CHECKS: 'chat-journey',
    MONITOR_SCHEDULE_CHAT_JOURNEY: '0 0 0 1 1 *',
    MONITOR_SYNTHETIC_PASSWORD: 'synthetic-password',
    MONITOR_CONFIRM_INTERVAL_SECONDS: '3600',
    MONITOR_RUM_MIN_USERS: '2',
    MONITOR_RUM_MIN_FAILURES: '3',
    MONITOR_RUM_WINDOW_SECONDS: '60',
    MONITOR_RUM_POLL_MS: '100',
  });
  const check = scriptedCheck('chat-journey', 'chat_ui', plan);
  monitor = createMonitor({ config, log: silent, checks: { 'chat-journey': check }, channels: [], metricsPort: 0 });
  return { monitor, check };
}

/** Failed embed loads, as recordChatEmbedBeacon stores them; returns when they are visible. */
async function failures(projectId: string, userIds: string[]) {
  await db.chatEmbedBeacon.createMany({
    data: userIds.map((userId, i) => ({
      id: randomUUID(),
      projectId,
      userId,
      vendor: 'sandbox',
      result: i % 2 ? ('ERROR' as const) : ('TIMEOUT' as const),
      loadMs: 8000,
    })),
  });
  const last = await db.chatEmbedBeacon.findFirstOrThrow({ orderBy: { receivedAt: 'desc' } });
  return last.receivedAt;
}

const gauge = async (m: Monitor, which: 'rumFailingUsers' | 'rumFailedLoads') =>
  (await m.metrics[which].get()).values[0]?.value ?? -1;
const runs = () => db.checkRun.findMany({ where: { check: 'chat-journey' }, orderBy: { startedAt: 'asc' } });

describe('real users trigger a confirmation journey', () => {
  it('past the threshold the journey runs at once, recorded as RUM; its failure is the synthetic confirmation that opens the incident', async () => {
    const { project, client, designer } = await makeProject(db);
    const { monitor } = start(() => 'fail');
    await monitor.start();
    await failures(project.id, [client.id, designer.id, client.id]);

    const incident = await eventually(() => db.incident.findFirst(), 10_000, 'an incident');
    expect(incident).toMatchObject({ component: 'chat_ui', openedBy: 'chat-journey', failedRunCount: 1 });
    const recorded = await runs();
    // The run and its immediate retry: both RUM, the retry counted; no tick and no timed confirmation.
    expect(recorded.map((r) => [r.trigger, r.attempt, r.status, r.counted])).toEqual([
      ['RUM', 1, 'FAILED', false],
      ['RUM', 2, 'FAILED', true],
    ]);
  });

  it('one user failing again and again triggers nothing, and synthetic users’ failures are not counted; a second real user does', async () => {
    const { project, client, designer } = await makeProject(db);
    const synthetic = await Promise.all([1, 2, 3].map(() => makeUser(db, 'SYNTHETIC')));
    const { monitor, check } = start(() => 'pass');
    await monitor.start();
    await failures(project.id, [
      ...synthetic.flatMap((u) => [u.id, u.id]),
      client.id,
      client.id,
      client.id,
      client.id,
      client.id,
    ]);
    // The watch has looked at all of it (one statement wrote it): one user, five failures, below the threshold.
    await eventually(
      async () => (await gauge(monitor, 'rumFailingUsers')) === 1 && (await gauge(monitor, 'rumFailedLoads')) === 5,
      10_000,
      'the watch to see one real user with five failures',
    );
    expect(await runs()).toEqual([]);
    expect(check.attempts).toBe(0);

    const second = await failures(project.id, [designer.id]);
    const [run] = await eventually(
      async () => {
        const r = await runs();
        return r.length > 0 && r;
      },
      10_000,
      'a RUM run',
    );
    expect(run).toMatchObject({ trigger: 'RUM', status: expect.stringMatching(/RUNNING|PASSED/) });
    expect(run!.startedAt.getTime()).toBeGreaterThanOrEqual(second.getTime());
  });

  it('real users alone never open an incident: passing RUM runs, however many, leave none', async () => {
    const { project, client, designer } = await makeProject(db);
    const { monitor } = start(() => 'pass');
    await monitor.start();
    await failures(project.id, [client.id, designer.id, client.id]);
    await eventually(async () => (await runs()).some((r) => r.status === 'PASSED'), 10_000, 'a first RUM run');
    // Fresh failures after it: a second RUM confirmation, which passes too.
    await failures(project.id, [designer.id, client.id, designer.id]);
    const recorded = await eventually(
      async () => {
        const r = await runs();
        return r.filter((x) => x.status === 'PASSED').length >= 2 && r;
      },
      10_000,
      'a second RUM run',
    );
    expect(recorded.every((r) => r.trigger === 'RUM' && r.counted)).toBe(true);
    expect(await db.incident.count()).toBe(0);
    expect(await db.checkState.findFirst({ where: { component: 'chat_ui' } })).toMatchObject({
      lastStatus: 'PASSED',
      consecutiveFailures: 0,
    });
  });
});
