import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configuredChannels } from '../lib/alerts/channels';
import { createDb, type Db } from '../lib/db/client';
import { createEmailTransport } from '../lib/email/transport';
import { createTestDatabase } from '../test/support/db';
import { startHttpStub, type HttpStub } from '../test/support/http-stub';
import { createMonitor, type Monitor } from './monitor';
import { eventually, scriptedCheck, testConfig, type Outcome } from '../test/support/monitor';

// The runner, scheduler, incident rules and alert channels together, on a real PostgreSQL, with a scripted
// check on a one-second schedule and every alert channel pointed at a local stub. Bounded: each test ≤ 15 s.

const silent = pino({ level: 'silent' });
// The bound on each wait for a recorded outcome (a run, an incident, a delivery). Generous: it only costs time when
// the test fails anyway, and on a loaded two-core machine a few seconds did not cover one confirmation cycle.
const OUTCOME_MS = 60_000;
let url: string;
let db: Db;
let sinks: HttpStub;
let monitor: Monitor | null = null;

beforeAll(async () => {
  url = await createTestDatabase();
  db = createDb(url, 2);
  sinks = await startHttpStub((request) => {
    if (request.url.pathname === '/v3/mail/send') return { status: 202, headers: { 'x-message-id': 'sg-1' } };
    if (request.url.pathname === '/pagerduty') return { status: 202, body: { status: 'success' } };
    return { status: 200, body: 'ok' };
  });
});

afterEach(async () => {
  await monitor?.stop();
  monitor = null;
  await db.$executeRawUnsafe(
    'TRUNCATE check_run, check_state, incident, maintenance_window, monitor_heartbeat CASCADE',
  );
  sinks.requests.length = 0;
});

afterAll(async () => {
  await sinks.close();
  await db.$disconnect();
});

function start(plan: (attempt: number) => Outcome, env: Record<string, string> = {}) {
  const config = testConfig(url, {
    MONITOR_CHECKS: 'vendor-api',
    MONITOR_SCHEDULE_VENDOR_API: '* * * * * *',
    MONITOR_CONFIRM_INTERVAL_SECONDS: '1',
    MONITOR_SLACK_WEBHOOK_URL: `${sinks.url}/slack`,
    MONITOR_PAGERDUTY_URL: `${sinks.url}/pagerduty`,
    MONITOR_PAGERDUTY_ROUTING_KEY: 'routing-key',
    MONITOR_ALERT_WEBHOOK_URL: `${sinks.url}/hook`,
    MONITOR_ALERT_EMAIL_TO: 'oncall@chatwatch.test',
    ...env,
  });
  const check = scriptedCheck('vendor-api', 'vendor_api', plan);
  const emailTransport = createEmailTransport({
    apiKey: 'SG.test',
    apiUrl: sinks.url,
    from: 'ChatWatch <no-reply@chatwatch.test>',
    timeoutMs: 3000,
  });
  monitor = createMonitor({
    config,
    log: silent,
    checks: { 'vendor-api': check },
    channels: configuredChannels({ config, emailTransport }),
    metricsPort: 0,
  });
  return { monitor, check };
}

const sinkCounts = () => {
  const counts: Record<string, number> = {};
  for (const r of sinks.requests) counts[r.url.pathname] = (counts[r.url.pathname] ?? 0) + 1;
  return counts;
};

describe('monitor: retries, incidents and alerts', { timeout: 240_000 }, () => {
  it('after a crash: a run left RUNNING by a stopped monitor is closed as our failure when a monitor leads again; one still in progress is left alone', async () => {
    const orphan = await db.checkRun.create({
      data: {
        check: 'vendor-api',
        trigger: 'SCHEDULED',
        scheduledFor: new Date(Date.now() - 3600_000),
        startedAt: new Date(Date.now() - 3600_000),
        instanceId: 'crashed-replica',
      },
    });
    const inProgress = await db.checkRun.create({
      data: { check: 'vendor-api', trigger: 'SCHEDULED', scheduledFor: new Date(), instanceId: 'other-replica' },
    });
    const { monitor } = start(() => 'pass');
    await monitor.start();
    const closed = await eventually(
      async () => {
        const row = await db.checkRun.findUniqueOrThrow({ where: { id: orphan.id } });
        return row.status !== 'RUNNING' && row;
      },
      OUTCOME_MS,
      'the orphaned run closed',
    );
    await monitor.stop();
    expect(closed).toMatchObject({
      status: 'FAILED',
      failedComponent: 'monitor',
      failedParty: 'ours',
      error: 'interrupted: the monitor stopped during the run',
      finishedAt: expect.any(Date),
    });
    // The same statement saw the recent run and left it open (its replica may still finish it).
    expect((await db.checkRun.findUniqueOrThrow({ where: { id: inProgress.id } })).status).toBe('RUNNING');
    // Never a vendor failure: no incident, no alert.
    expect(await db.incident.count()).toBe(0);
    expect(sinks.requests).toEqual([]);
  });

  it('retries a failed run at once; a flaky failure that passes on retry is never counted and opens nothing', async () => {
    const { monitor, check } = start((attempt) => (attempt === 1 ? 'fail' : 'pass'));
    await monitor.start();
    await eventually(async () => check.attempts >= 4, OUTCOME_MS, 'four attempts');
    await monitor.stop();
    const runs = await db.checkRun.findMany({ orderBy: [{ startedAt: 'asc' }] });
    expect(runs[0]).toMatchObject({
      attempt: 1,
      status: 'FAILED',
      counted: false,
      failedComponent: 'vendor_api',
      failedStep: 'probe',
      error: 'scripted failure #1',
    });
    expect(runs[1]).toMatchObject({
      attempt: 2,
      retryOfId: runs[0]!.id,
      status: 'PASSED',
      counted: true,
      scheduledFor: runs[0]!.scheduledFor,
    });
    expect(runs.slice(2).every((r) => r.status === 'PASSED' && r.attempt === 1 && r.trigger === 'SCHEDULED')).toBe(
      true,
    );
    expect(await db.incident.count()).toBe(0);
    expect(sinks.requests).toEqual([]);
    const steps = await db.checkStep.findMany({ where: { runId: runs[0]!.id } });
    expect(steps).toMatchObject([
      { index: 0, name: 'probe', component: 'vendor_api', status: 'FAILED', error: 'scripted failure #1' },
    ]);
  });

  it('opens one incident after 2 counted failures (confirmed sooner), alerts every channel once, resolves after 2 passes with one recovery notice', async () => {
    let failing = true;
    // Ticks every 5 s and confirmations after 1 s: the second failure must come from a confirmation run.
    const { monitor, check } = start(() => (failing ? 'fail' : 'pass'), {
      MONITOR_SCHEDULE_VENDOR_API: '*/5 * * * * *',
    });
    await monitor.start();
    const incident = await eventually(
      () => db.incident.findFirst({ include: { alerts: true } }),
      OUTCOME_MS,
      'the incident',
    );
    expect(incident).toMatchObject({
      component: 'vendor_api',
      status: 'OPEN',
      openComponent: 'vendor_api',
      openedBy: 'vendor-api',
      failedRunCount: 2,
    });
    await eventually(
      async () => (await db.alertDelivery.count({ where: { status: 'SENT' } })) === 4,
      OUTCOME_MS,
      'four opening alerts',
    );
    failing = false;
    const resolved = await eventually(
      () =>
        db.incident.findFirst({
          where: { status: 'RESOLVED' },
          include: { updates: { orderBy: { createdAt: 'asc' } }, runs: true },
        }),
      OUTCOME_MS,
      'the resolution',
    );
    await eventually(
      async () => (await db.alertDelivery.count({ where: { status: 'SENT' } })) === 8,
      OUTCOME_MS,
      'recovery notices',
    );
    await monitor.stop();

    const counted = await db.checkRun.findMany({ where: { counted: true }, orderBy: { startedAt: 'asc' } });
    const firstFailure = counted.find((r) => r.status === 'FAILED')!;
    // The second counted failure came from a confirmation run, 1 s later rather than at the next tick.
    expect(counted.filter((r) => r.status === 'FAILED').map((r) => r.trigger)).toContain('CONFIRMATION');
    const firstAttempt = await db.checkRun.findUniqueOrThrow({ where: { id: firstFailure.retryOfId! } });
    // It started at the first failing observation: the failed step of the first attempt, not the run's start.
    const firstStep = await db.checkStep.findFirstOrThrow({ where: { runId: firstAttempt.id, status: 'FAILED' } });
    expect(resolved.startedAt).toEqual(firstStep.startedAt);
    expect(resolved.startedAt.getTime()).toBeGreaterThanOrEqual(firstAttempt.startedAt.getTime());
    expect(resolved.detectedAt.getTime()).toBeGreaterThan(resolved.startedAt.getTime());
    expect(resolved.recoveredAt!.getTime()).toBeGreaterThan(resolved.detectedAt.getTime());
    expect(resolved.resolvedAt!.getTime()).toBeGreaterThanOrEqual(resolved.recoveredAt!.getTime());
    expect(resolved.openComponent).toBeNull();
    expect(resolved.updates.map((u) => u.kind)).toEqual(['OPENED', 'RESOLVED']);
    // Evidence: both attempts of both failed runs.
    expect(resolved.runs.filter((r) => r.status === 'FAILED')).toHaveLength(4);
    const alerts = await db.alertDelivery.findMany({ where: { incidentId: resolved.id } });
    expect(alerts.map((a) => `${a.channel}:${a.kind}:${a.status}`).sort()).toEqual(
      ['email', 'pagerduty', 'slack', 'webhook'].flatMap((c) => [`${c}:OPENED:SENT`, `${c}:RESOLVED:SENT`]).sort(),
    );
    expect(sinkCounts()).toEqual({ '/slack': 2, '/pagerduty': 2, '/hook': 2, '/v3/mail/send': 2 });
    const pd = sinks.requests
      .filter((r) => r.url.pathname === '/pagerduty')
      .map((r) => JSON.parse(r.body) as { event_action: string; dedup_key: string });
    expect(pd.map((e) => e.event_action)).toEqual(['trigger', 'resolve']);
    expect(pd[0]!.dedup_key).toBe(pd[1]!.dedup_key);
    const slack = sinks.requests
      .filter((r) => r.url.pathname === '/slack')
      .map((r) => (JSON.parse(r.body) as { text: string }).text);
    expect(slack[0]).toMatch(/^\[INCIDENT\] Vendor API: scripted failure/);
    expect(slack[1]).toMatch(/^\[RESOLVED\]/);
    const metrics = await monitor.metrics.registry.getSingleMetricAsString('alerts_sent_total');
    expect(metrics).toContain('alerts_sent_total{channel="slack",result="success"} 2');
    expect(await monitor.metrics.registry.getSingleMetricAsString('incidents_open')).toContain(
      'incidents_open{component="vendor_api"} 0',
    );
    expect(check.attempts).toBeGreaterThanOrEqual(6);
  });

  it('inside a maintenance window records runs and incidents but suppresses every alert', async () => {
    await db.maintenanceWindow.create({
      data: {
        component: 'vendor_api',
        startsAt: new Date(Date.now() - 1000),
        endsAt: new Date(Date.now() + 60_000),
        reason: 'vendor upgrade',
      },
    });
    const { monitor } = start(() => 'fail');
    await monitor.start();
    await eventually(() => db.incident.findFirst(), OUTCOME_MS, 'the incident');
    await eventually(async () => (await db.alertDelivery.count()) === 4, OUTCOME_MS, 'suppressed deliveries');
    await monitor.stop();
    expect(await db.alertDelivery.findMany({ select: { status: true, error: true } })).toEqual(
      Array(4).fill({ status: 'SUPPRESSED', error: 'maintenance: vendor upgrade' }),
    );
    expect(sinks.requests).toEqual([]);
    expect(await monitor.metrics.registry.getSingleMetricAsString('alerts_sent_total')).toContain(
      'alerts_sent_total{channel="email",result="suppressed"} 1',
    );
  });

  it('kills a run that exceeds its timeout, records it as a failure, and does not overlap the next tick', async () => {
    const { monitor, check } = start((attempt) => (attempt === 1 ? 'hang' : 'pass'));
    await monitor.start();
    await eventually(async () => check.attempts >= 3, OUTCOME_MS, 'runs after the hung one');
    await monitor.stop();
    const runs = await db.checkRun.findMany({ orderBy: { startedAt: 'asc' } });
    expect(runs[0]).toMatchObject({
      status: 'FAILED',
      timedOut: true,
      failedStep: 'probe',
      error: 'timed out after 2000 ms in step probe',
    });
    expect(runs[0]!.durationMs).toBeGreaterThanOrEqual(2000);
    expect(check.resets).toBe(1);
    // No two runs of the check were ever in progress at once.
    for (let i = 1; i < runs.length; i++)
      expect(runs[i]!.startedAt.getTime()).toBeGreaterThanOrEqual(runs[i - 1]!.finishedAt!.getTime());
    expect(await monitor.metrics.registry.getSingleMetricAsString('synthetic_check_skipped_total')).toMatch(
      /synthetic_check_skipped_total\{check="vendor-api"\} [1-9]/,
    );
  });
});
