import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/db';
import { jsonBody, startHttpStub, type HttpStub, type StubHandler } from '../../test/support/http-stub';
import { REQUIRED_CONFIG_ENV } from '../../test/support/config-env';
import { parseConfig } from '../config';
import { createDb, type Db } from '../db/client';
import { createEmailTransport } from '../email/transport';
import { configuredChannels } from './channels';
import { announceAfterMaintenance, reminderSequence, sendIncidentAlert, type AlertResult } from './send-incident-alert';

const silent = pino({ level: 'silent' });
let db: Db;
let stub: HttpStub;
let handler: StubHandler;

beforeAll(async () => {
  db = createDb(await createTestDatabase(), 2);
  stub = await startHttpStub((request) => handler(request));
});

afterAll(async () => {
  await stub.close();
  await db.$disconnect();
});

beforeEach(() => {
  stub.requests.length = 0;
  handler = (request) =>
    request.url.pathname === '/v3/mail/send'
      ? { status: 202, headers: { 'x-message-id': 'sg-1' } }
      : { status: 200, body: 'ok' };
});

function channels(env: Record<string, string> = {}) {
  const config = parseConfig({
    ...REQUIRED_CONFIG_ENV,
    MONITOR_SLACK_WEBHOOK_URL: `${stub.url}/slack`,
    MONITOR_PAGERDUTY_URL: `${stub.url}/pd`,
    MONITOR_PAGERDUTY_ROUTING_KEY: 'rk',
    MONITOR_ALERT_WEBHOOK_URL: `${stub.url}/hook`,
    MONITOR_ALERT_WEBHOOK_SECRET: 'webhook-signing-secret',
    MONITOR_ALERT_EMAIL_TO: 'oncall@chatwatch.test,backup@chatwatch.test',
    ...env,
  });
  return configuredChannels({
    config,
    emailTransport: createEmailTransport({
      apiKey: 'SG.test',
      apiUrl: stub.url,
      from: 'ChatWatch <no-reply@chatwatch.test>',
    }),
  });
}

const emailOnly = () => channels().filter((c) => c.name === 'email');

async function incident() {
  return db.incident.create({
    data: {
      component: 'chat_ui',
      openComponent: null,
      title: 'Chat UI: the chat iframe answered 503',
      openedBy: 'chat-journey',
      startedAt: new Date('2025-03-04T09:00:00Z'),
      detectedAt: new Date('2025-03-04T09:01:10Z'),
      lastError: 'the chat iframe answered 503',
      failedRunCount: 2,
      faults: {
        create: {
          source: 'sandbox',
          externalId: 'flt_1',
          mode: 'ui-down',
          startedAt: new Date('2025-03-04T08:59:40Z'),
        },
      },
    },
  });
}

const send = (incidentId: string, kind: 'opened' | 'reminder' | 'resolved', list = channels(), sequence?: number) => {
  const results: [string, AlertResult][] = [];
  return sendIncidentAlert({
    ctx: { db, log: silent },
    input: { incidentId, kind, sequence },
    options: {
      channels: list,
      dashboardUrl: 'https://chatwatch.test',
      onResult: (c, r) => results.push([c, r]),
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
    },
  }).then((outcome) => ({ outcome, results }));
};

describe('incident alerts', () => {
  it('sends each channel its own format, once, with the incident link, matched fault and a stable dedup key', async () => {
    const { id } = await incident();
    const { outcome } = await send(id, 'opened');
    expect(outcome).toEqual({ email: 'success', slack: 'success', pagerduty: 'success', webhook: 'success' });
    const by = (path: string) => stub.requests.filter((r) => r.url.pathname === path);
    const slack = jsonBody(by('/slack')[0]) as { text: string; blocks: unknown[] };
    expect(slack.text).toBe(
      `[INCIDENT] Chat UI: the chat iframe answered 503\nChat UI has failed 2 consecutive run(s) of chat-journey since 2025-03-04T09:00:00.000Z. Last error: the chat iframe answered 503. At fault: the chat vendor.\nMatching fault(s): ui-down (flt_1)\nhttps://chatwatch.test/incidents/${id}`,
    );
    expect(slack.blocks).toHaveLength(4);
    // Slack renders the blocks, not `text`: the matched fault must be in them.
    expect(JSON.stringify(slack.blocks)).toContain('Matching fault(s): ui-down (flt_1)');
    expect(jsonBody(by('/pd')[0])).toMatchObject({
      routing_key: 'rk',
      event_action: 'trigger',
      dedup_key: `chatwatch-incident-${id}`,
      payload: { severity: 'critical', source: 'chatwatch-monitor', component: 'chat_ui' },
    });
    const hook = by('/hook')[0]!;
    expect(jsonBody(hook)).toMatchObject({
      type: 'incident.opened',
      incident: { id, component: 'chat_ui', faults: [{ mode: 'ui-down', id: 'flt_1' }] },
    });
    expect(hook.headers['x-chatwatch-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    const emails = by('/v3/mail/send').map(
      (r) => jsonBody(r) as { personalizations: { to: { email: string }[] }[]; subject: string },
    );
    expect(emails.map((e) => e.personalizations[0]!.to[0]!.email)).toEqual([
      'oncall@chatwatch.test',
      'backup@chatwatch.test',
    ]);
    expect(emails[0]!.subject).toBe('[INCIDENT] Chat UI: the chat iframe answered 503');

    // Again: the unique delivery key refuses a second send.
    stub.requests.length = 0;
    expect((await send(id, 'opened')).outcome).toEqual({
      email: 'skipped',
      slack: 'skipped',
      pagerduty: 'skipped',
      webhook: 'skipped',
    });
    expect(stub.requests).toEqual([]);
  });

  it('retries a failing channel, records the failure without throwing, and sends the recovery only where the opening went', async () => {
    const { id } = await incident();
    let slackCalls = 0;
    handler = (request) => {
      if (request.url.pathname === '/slack') return ++slackCalls <= 2 ? { status: 503 } : { status: 200, body: 'ok' };
      if (request.url.pathname === '/hook') return { status: 400, body: 'bad' };
      return request.url.pathname === '/v3/mail/send' ? { status: 202 } : { status: 200, body: 'ok' };
    };
    const { outcome, results } = await send(id, 'opened');
    expect(outcome).toMatchObject({ slack: 'success', webhook: 'failure' });
    expect(slackCalls).toBe(3);
    expect(stub.requests.filter((r) => r.url.pathname === '/hook')).toHaveLength(1);
    expect(results).toContainEqual(['webhook', 'failure']);
    const failed = await db.alertDelivery.findFirstOrThrow({ where: { incidentId: id, channel: 'webhook' } });
    expect(failed).toMatchObject({ status: 'FAILED', attempts: 1, error: 'webhook: answered 400: bad' });

    stub.requests.length = 0;
    await db.incident.update({
      where: { id },
      data: {
        status: 'RESOLVED',
        resolvedAt: new Date('2025-03-04T09:20:00Z'),
        recoveredAt: new Date('2025-03-04T09:18:00Z'),
      },
    });
    const { outcome: recovery } = await send(id, 'resolved');
    expect(recovery).toEqual({ email: 'success', slack: 'success', pagerduty: 'success', webhook: 'skipped' });
    expect(
      (jsonBody(stub.requests.find((r) => r.url.pathname === '/pd')) as { event_action: string }).event_action,
    ).toBe('resolve');
    expect((jsonBody(stub.requests.find((r) => r.url.pathname === '/slack')) as { text: string }).text).toMatch(
      /^\[RESOLVED\] .*\nChat UI recovered after 18 min/,
    );
  });

  it('keeps one delivery per e-mail recipient: SendGrid failing for the second never resends to the first', async () => {
    const { id } = await incident();
    const mail = (r: { url: URL }) => r.url.pathname === '/v3/mail/send';
    const to = (r: Parameters<StubHandler>[0]) =>
      (jsonBody(r) as { personalizations: { to: { email: string }[] }[] }).personalizations[0]!.to[0]!.email;
    handler = (request) =>
      mail(request)
        ? to(request) === 'backup@chatwatch.test'
          ? { status: 500, body: { errors: [{ message: 'internal error' }] } }
          : { status: 202 }
        : { status: 200, body: 'ok' };
    const { outcome } = await send(id, 'opened', emailOnly());
    expect(outcome).toEqual({ email: 'failure' });
    expect(stub.requests.filter(mail).map(to)).toEqual([
      'oncall@chatwatch.test',
      'backup@chatwatch.test',
      'backup@chatwatch.test',
      'backup@chatwatch.test',
    ]);
    const deliveries = await db.alertDelivery.findMany({ where: { incidentId: id }, orderBy: { recipient: 'asc' } });
    expect(deliveries.map((d) => [d.recipient, d.status, d.attempts])).toEqual([
      ['backup@chatwatch.test', 'FAILED', 3],
      ['oncall@chatwatch.test', 'SENT', 1],
    ]);

    // The same alert again (a retried job, a second replica): nobody is mailed twice.
    stub.requests.length = 0;
    handler = (request) => (mail(request) ? { status: 202 } : { status: 200, body: 'ok' });
    expect((await send(id, 'opened', emailOnly())).outcome).toEqual({ email: 'skipped' });
    expect(stub.requests).toEqual([]);

    // The recovery goes to the engineer who was told.
    await db.incident.update({
      where: { id },
      data: {
        status: 'RESOLVED',
        resolvedAt: new Date('2025-03-04T09:20:00Z'),
        recoveredAt: new Date('2025-03-04T09:18:00Z'),
      },
    });
    await send(id, 'resolved', emailOnly());
    expect(stub.requests.filter(mail).map(to)).toEqual(['oncall@chatwatch.test']);
  });

  it('numbers reminders, sends each once, and keeps PagerDuty out of them', async () => {
    const { id } = await incident();
    const detectedAt = new Date('2025-03-04T09:01:10Z');
    expect(reminderSequence(detectedAt, new Date('2025-03-04T09:30:00Z'), 30)).toBe(0);
    expect(reminderSequence(detectedAt, new Date('2025-03-04T09:31:10Z'), 30)).toBe(1);
    expect(reminderSequence(detectedAt, new Date('2025-03-04T10:40:00Z'), 30)).toBe(3);
    expect(reminderSequence(detectedAt, new Date('2025-03-04T10:40:00Z'), 0)).toBe(0);
    const { outcome } = await send(id, 'reminder', channels(), 1);
    expect(outcome).toEqual({ email: 'success', slack: 'success', pagerduty: 'skipped', webhook: 'success' });
    expect((await send(id, 'reminder', channels(), 1)).outcome.slack).toBe('skipped');
    expect((await send(id, 'reminder', channels(), 2)).outcome.slack).toBe('success');
    expect((jsonBody(stub.requests.find((r) => r.url.pathname === '/slack')) as { text: string }).text).toMatch(
      /^\[STILL OPEN\]/,
    );
  });

  it('tells every channel told of an opening of the recovery, even inside a maintenance window that started since', async () => {
    const { id } = await incident();
    expect((await send(id, 'opened')).outcome).toEqual({
      email: 'success',
      slack: 'success',
      pagerduty: 'success',
      webhook: 'success',
    });
    await db.maintenanceWindow.create({
      data: {
        component: 'chat_ui',
        startsAt: new Date(Date.now() - 60_000),
        endsAt: new Date(Date.now() + 3_600_000),
        reason: 'vendor upgrade',
      },
    });
    stub.requests.length = 0;
    await db.incident.update({
      where: { id },
      data: { status: 'RESOLVED', resolvedAt: new Date(), recoveredAt: new Date() },
    });
    const { outcome } = await send(id, 'resolved');
    expect(outcome).toEqual({ email: 'success', slack: 'success', pagerduty: 'success', webhook: 'success' });
    expect(jsonBody(stub.requests.find((r) => r.url.pathname === '/pd'))).toEqual({
      routing_key: 'rk',
      event_action: 'resolve',
      dedup_key: `chatwatch-incident-${id}`,
    });
    await db.maintenanceWindow.deleteMany({ where: { reason: 'vendor upgrade' } });
  });

  it('announces an incident opened inside a window that is still open when the window ends, to the muted channels only', async () => {
    const { id } = await incident();
    const window = await db.maintenanceWindow.create({
      data: {
        component: 'chat_ui',
        startsAt: new Date(Date.now() - 60_000),
        endsAt: new Date(Date.now() + 3_600_000),
        reason: 'planned restart',
      },
    });
    expect((await send(id, 'opened')).outcome).toEqual({
      email: 'suppressed',
      slack: 'suppressed',
      pagerduty: 'suppressed',
      webhook: 'suppressed',
    });
    const announce = () =>
      announceAfterMaintenance({
        ctx: { db, log: silent },
        input: { incidentId: id },
        options: {
          channels: channels(),
          dashboardUrl: 'https://chatwatch.test',
          retry: { baseDelayMs: 1, maxDelayMs: 5 },
        },
      });
    // Still inside the window: nothing is sent, nothing recorded.
    expect(await announce()).toEqual({ email: 'skipped', slack: 'skipped', pagerduty: 'skipped', webhook: 'skipped' });
    expect(stub.requests).toEqual([]);
    await db.maintenanceWindow.update({ where: { id: window.id }, data: { endsAt: new Date(Date.now() - 1000) } });
    expect(await announce()).toEqual({ email: 'success', slack: 'success', pagerduty: 'success', webhook: 'success' });
    expect(jsonBody(stub.requests.find((r) => r.url.pathname === '/pd'))).toMatchObject({
      event_action: 'trigger',
      dedup_key: `chatwatch-incident-${id}`,
    });
    // Once only (every muted channel has now been told); and the recovery then reaches them.
    stub.requests.length = 0;
    expect(await announce()).toEqual({});
    expect(stub.requests).toEqual([]);
    stub.requests.length = 0;
    await db.incident.update({
      where: { id },
      data: { status: 'RESOLVED', resolvedAt: new Date(), recoveredAt: new Date() },
    });
    expect((await send(id, 'resolved')).outcome).toEqual({
      email: 'success',
      slack: 'success',
      pagerduty: 'success',
      webhook: 'success',
    });
    expect(
      (jsonBody(stub.requests.find((r) => r.url.pathname === '/pd')) as { event_action: string }).event_action,
    ).toBe('resolve');
  });

  it('turns a channel on only when it is configured', () => {
    expect(
      channels({ MONITOR_SLACK_WEBHOOK_URL: '', MONITOR_PAGERDUTY_ROUTING_KEY: '', MONITOR_ALERT_EMAIL_TO: '' }).map(
        (c) => c.name,
      ),
    ).toEqual(['webhook']);
  });
});
