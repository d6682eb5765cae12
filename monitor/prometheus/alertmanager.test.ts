// alertmanager.yml in a real Alertmanager: alerts go to fake PagerDuty and Slack endpoints on loopback,
// so routing by severity, resolution and inhibition are what Alertmanager actually does with this file.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLocalAlertmanager, type LocalServer } from './local-server';
import { renderAlertmanagerConfig } from './render';

const dir = import.meta.dirname;

interface Received {
  sink: 'pagerduty' | 'slack';
  body: Record<string, unknown>;
}

let sinkServer: Server;
let received: Received[];
let alertmanager: LocalServer;
let workDir: string;

const alert = (alertname: string, severity: string, component: string, extra: { endsAt?: string } = {}) => ({
  labels: { alertname, severity, component },
  annotations: {
    summary: `${alertname} summary`,
    description: `${alertname} description`,
    runbook_url: `docs/runbooks/${alertname}.md`,
  },
  startsAt: new Date(Date.now() - 60_000).toISOString(),
  ...extra,
});

async function post(alerts: object[]): Promise<void> {
  const response = await fetch(`${alertmanager.url}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(alerts),
  });
  expect(response.status, await response.text()).toBe(200);
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${what}; received: ${JSON.stringify(received)}\n${alertmanager.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const slackTexts = () => received.filter((r) => r.sink === 'slack').map((r) => JSON.stringify(r.body));
const pagerdutyEvents = () =>
  received
    .filter((r) => r.sink === 'pagerduty')
    .map(
      (r) => r.body as { routing_key: string; event_action: string; payload?: { summary: string; severity: string } },
    );

async function alertState(alertname: string): Promise<{ state: string; inhibitedBy: string[] } | undefined> {
  return (await alertOf(alertname))?.status;
}

/** The alert as Alertmanager holds it (GET /api/v2/alerts): its state and the receivers its route chose. */
async function alertOf(
  alertname: string,
): Promise<{ status: { state: string; inhibitedBy: string[] }; receivers: { name: string }[] } | undefined> {
  const response = await fetch(`${alertmanager.url}/api/v2/alerts?filter=alertname%3D%22${alertname}%22`);
  const alerts = (await response.json()) as {
    status: { state: string; inhibitedBy: string[] };
    receivers: { name: string }[];
  }[];
  return alerts[0];
}

beforeEach(async () => {
  received = [];
  sinkServer = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const sink = req.url === '/pagerduty' ? 'pagerduty' : 'slack';
      received.push({ sink, body: JSON.parse(body) as Record<string, unknown> });
      if (sink === 'pagerduty') {
        res
          .writeHead(202, { 'content-type': 'application/json' })
          .end(JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: 'x' }));
      } else {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      }
    });
  });
  await new Promise<void>((resolve) => sinkServer.listen(0, '127.0.0.1', resolve));
  const address = sinkServer.address();
  const sinkUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  workDir = mkdtempSync(path.join(tmpdir(), 'chatwatch-am-'));
  const secretsDir = path.join(workDir, 'secrets');
  mkdirSync(secretsDir);
  writeFileSync(path.join(secretsDir, 'pagerduty-routing-key'), 'test-routing-key\n', { mode: 0o600 });
  writeFileSync(path.join(secretsDir, 'slack-webhook-url'), `${sinkUrl}/slack\n`, { mode: 0o600 });
  const config = renderAlertmanagerConfig(readFileSync(path.join(dir, 'alertmanager.yml'), 'utf8'), {
    secretsDir,
    templatesDir: dir,
    pagerdutyUrl: `${sinkUrl}/pagerduty`,
    groupWait: '1s',
    groupInterval: '1s',
  });
  alertmanager = await startLocalAlertmanager(workDir, config);
});

afterEach(async () => {
  await alertmanager?.stop();
  await new Promise((resolve) => sinkServer?.close(resolve));
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('alertmanager.yml in a real Alertmanager', () => {
  it('pages PagerDuty and posts to Slack for a critical alert, then resolves both', async () => {
    await post([alert('VendorApiDown', 'critical', 'vendor_api')]);
    const trigger = await until('a PagerDuty trigger', () =>
      pagerdutyEvents().find((e) => e.event_action === 'trigger'),
    );
    expect(trigger.routing_key).toBe('test-routing-key');
    expect(trigger.payload).toMatchObject({
      severity: 'critical',
      summary: '[FIRING:1] VendorApiDown (critical, vendor_api)',
    });
    const slack = await until('a Slack message', () => slackTexts().find((t) => t.includes('VendorApiDown')));
    expect(slack).toContain('VendorApiDown summary');
    expect(slack).toContain('Runbook: docs/runbooks/VendorApiDown.md');

    await post([alert('VendorApiDown', 'critical', 'vendor_api', { endsAt: new Date().toISOString() })]);
    await until('a PagerDuty resolve', () => pagerdutyEvents().find((e) => e.event_action === 'resolve'));
    await until('a Slack resolved message', () => slackTexts().find((t) => t.includes('[RESOLVED] VendorApiDown')));
  }, 40_000);

  it('posts a warning to Slack only', async () => {
    await post([alert('VendorWebhookLatencyHigh', 'warning', 'webhooks')]);
    await until('a Slack message', () =>
      slackTexts().find((t) => t.includes('[FIRING:1] VendorWebhookLatencyHigh (warning, webhooks)')),
    );
    // The route Alertmanager chose for the alert: the Slack-only receiver, not the one that also pages.
    expect((await alertOf('VendorWebhookLatencyHigh'))?.receivers.map((r) => r.name)).toEqual(['slack']);
    // Alertmanager sends to every integration of a receiver in one flush: the Slack message came, no page with it.
    expect(pagerdutyEvents()).toEqual([]);
  }, 30_000);

  it('inhibits every other alert while ChatMonitorDown fires', async () => {
    // Inhibition mutes what arrives while the source fires (what was sent before stays sent): source first.
    await post([alert('ChatMonitorDown', 'critical', 'monitor')]);
    await until('ChatMonitorDown paged', () =>
      pagerdutyEvents().find((e) => e.payload?.summary.includes('ChatMonitorDown')),
    );
    await post([alert('ChatWidgetDown', 'critical', 'chat_ui'), alert('VendorWebhooksMissing', 'warning', 'webhooks')]);
    const widget = await until('ChatWidgetDown suppressed', async () =>
      (await alertState('ChatWidgetDown'))?.state === 'suppressed' ? alertState('ChatWidgetDown') : undefined,
    );
    expect(widget?.inhibitedBy.length).toBe(1);
    expect((await alertState('VendorWebhooksMissing'))?.state).toBe('suppressed');
    expect((await alertState('ChatMonitorDown'))?.state).toBe('active');
    // Absence proven by what comes later: once ChatMonitorDown resolves, the muted alerts are sent — and the
    // first notification about them comes after that resolve, so none went out while it fired.
    await post([alert('ChatMonitorDown', 'critical', 'monitor', { endsAt: new Date().toISOString() })]);
    await until('ChatMonitorDown resolved', () =>
      pagerdutyEvents().find((e) => e.event_action === 'resolve' && e.payload?.summary.includes('ChatMonitorDown')),
    );
    const resolvedAt = received.findIndex(
      (r) =>
        r.sink === 'pagerduty' &&
        JSON.stringify(r.body).includes('resolve') &&
        JSON.stringify(r.body).includes('ChatMonitorDown'),
    );
    await until('ChatWidgetDown paged after the inhibition', () =>
      pagerdutyEvents().find((e) => e.payload?.summary.includes('ChatWidgetDown')),
    );
    await until('VendorWebhooksMissing in Slack after the inhibition', () =>
      slackTexts().find((t) => t.includes('VendorWebhooksMissing')),
    );
    const firstMuted = received.findIndex((r) => !JSON.stringify(r.body).includes('ChatMonitorDown'));
    expect(firstMuted).toBeGreaterThan(resolvedAt);
  }, 30_000);

  it("silences a component's warnings while a critical alert of that component fires, and only that component's", async () => {
    await post([alert('ChatWidgetDown', 'critical', 'chat_ui')]);
    await until('ChatWidgetDown paged', () =>
      pagerdutyEvents().find((e) => e.payload?.summary.includes('ChatWidgetDown')),
    );
    await post([
      alert('ChatEmbedFailuresRUM', 'warning', 'chat_ui'),
      alert('VendorWebhooksMissing', 'warning', 'webhooks'),
    ]);
    await until('the webhooks warning in Slack', () => slackTexts().find((t) => t.includes('VendorWebhooksMissing')));
    await until('ChatEmbedFailuresRUM suppressed', async () =>
      (await alertState('ChatEmbedFailuresRUM'))?.state === 'suppressed' ? true : undefined,
    );
    expect((await alertState('VendorWebhooksMissing'))?.state).toBe('active');
    expect(slackTexts().some((t) => t.includes('ChatEmbedFailuresRUM'))).toBe(false);
  }, 30_000);
});
