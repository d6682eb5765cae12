import { spawn } from 'node:child_process';
import path from 'node:path';
import pino from 'pino';
import { beforeAll, expect, it } from 'vitest';
import { onFileEnd } from '../test/support/cleanup';
import { createTestDatabase } from '../test/support/db';
import { jsonBody, startHttpStub, type HttpStub } from '../test/support/http-stub';
import { REQUIRED_CONFIG_ENV } from '../test/support/config-env';
import { configuredChannels } from '../lib/alerts/channels';
import { ALERT_SEND_LEASE_MS } from '../lib/alerts/resend-orphaned-alerts';
import { parseConfig } from '../lib/config';
import { createDb, type Db } from '../lib/db/client';
import { Alerting } from './alerting';
import { createMonitorMetrics } from './metrics';

const root = path.resolve(import.meta.dirname, '..');
let db: Db;
let url: string;
let stub: HttpStub;

beforeAll(async () => {
  url = await createTestDatabase();
  db = createDb(url, 2);
  stub = await startHttpStub(() => ({ status: 202, body: 'ok' }));
  onFileEnd(async () => {
    await stub.close();
    await db.$disconnect();
  });
});

/** Runs the fixture monitor that records the deliveries of an `opened` alert and is SIGKILLed before sending. */
function crashWhileAlerting(incidentId: string): Promise<NodeJS.Signals | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/alert-crash/record-then-die.ts'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      DATABASE_URL: url,
      ALERT_STUB_URL: stub.url,
      INCIDENT_ID: incidentId,
    },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (_code: number | null, signal: NodeJS.Signals | null) =>
      signal ? resolve(signal) : reject(new Error(`fixture exited: ${stderr}`)),
    );
  });
}

it('a monitor killed between recording an alert and sending it: the next monitor sends it once, same dedup key', async () => {
  const incident = await db.incident.create({
    data: {
      component: 'chat_ui',
      openComponent: 'chat_ui',
      title: 'Chat UI: the chat iframe answered 503',
      openedBy: 'chat-journey',
      startedAt: new Date('2025-03-04T09:00:00Z'),
      detectedAt: new Date('2025-03-04T09:01:10Z'),
      lastError: 'the chat iframe answered 503',
      failedRunCount: 2,
    },
  });
  expect(await crashWhileAlerting(incident.id)).toBe('SIGKILL');
  const left = await db.alertDelivery.findMany({ where: { incidentId: incident.id }, orderBy: { channel: 'asc' } });
  expect(left.map((d) => [d.channel, d.status])).toEqual([
    ['pagerduty', 'SENDING'],
    ['slack', 'SENDING'],
    ['webhook', 'SENDING'],
  ]);
  expect(stub.requests).toEqual([]);

  const config = parseConfig({
    ...REQUIRED_CONFIG_ENV,
    MONITOR_SLACK_WEBHOOK_URL: `${stub.url}/slack`,
    MONITOR_PAGERDUTY_URL: `${stub.url}/pd`,
    MONITOR_PAGERDUTY_ROUTING_KEY: 'rk',
    MONITOR_ALERT_WEBHOOK_URL: `${stub.url}/hook`,
  });
  const metrics = createMonitorMetrics([]);
  const alerting = new Alerting({
    db,
    log: pino({ level: 'silent' }),
    metrics,
    channels: configuredChannels({ config }),
    dashboardUrl: 'https://chatwatch.test',
    faultSource: null,
    reminderMinutes: 0,
    faultSlackMs: () => 0,
  });
  // Within the lease the deliveries may still be in flight in a live monitor: they are left alone.
  await alerting.sendReminders(new Date(left[0]!.claimedAt.getTime() + ALERT_SEND_LEASE_MS - 1000));
  expect(stub.requests).toEqual([]);

  const later = new Date(left[0]!.claimedAt.getTime() + ALERT_SEND_LEASE_MS + 1000);
  await alerting.sendReminders(later);
  const paths = stub.requests.map((r) => r.url.pathname).sort();
  expect(paths).toEqual(['/hook', '/pd', '/slack']);
  const byPath = (p: string) => jsonBody(stub.requests.find((r) => r.url.pathname === p)!);
  // The same keys the first send would have carried, so a receiver that did get it drops this one.
  expect(byPath('/pd')).toMatchObject({ event_action: 'trigger', dedup_key: `chatwatch-incident-${incident.id}` });
  expect(byPath('/hook')).toMatchObject({ id: `chatwatch-incident-${incident.id}-opened-0`, type: 'incident.opened' });
  const settled = await db.alertDelivery.findMany({ where: { incidentId: incident.id }, orderBy: { channel: 'asc' } });
  expect(settled.map((d) => [d.channel, d.status, d.attempts])).toEqual([
    ['pagerduty', 'SENT', 1],
    ['slack', 'SENT', 1],
    ['webhook', 'SENT', 1],
  ]);
  expect(await metrics.registry.getSingleMetricAsString('alerts_sent_total')).toContain(
    'alerts_sent_total{channel="pagerduty",result="success"} 1',
  );

  // A later sweep finds nothing left to send: each alert went out exactly once.
  stub.requests.length = 0;
  await alerting.sendReminders(new Date(later.getTime() + 2 * ALERT_SEND_LEASE_MS));
  expect(stub.requests).toEqual([]);
}, 120_000);
