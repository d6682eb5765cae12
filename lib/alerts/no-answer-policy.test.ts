import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUIRED_CONFIG_ENV } from '../../test/support/config-env';
import { createTestDatabase } from '../../test/support/db';
import { startSandboxVendor, type SandboxVendor } from '../../test/support/sandbox-vendor';
import { parseConfig } from '../config';
import { createDb, type Db } from '../db/client';
import { applySendgridEvents } from '../email/events/apply-sendgrid-events';
import { createEmailTransport } from '../email/transport';
import { configuredChannels } from './channels';
import { sendIncidentAlert } from './send-incident-alert';

// The policy for an alert send that gets no answer (docs/resilience.md › Alert sends with no answer), per channel:
// resent where the receiver drops a repeat (PagerDuty's dedup_key, the webhook's id), held UNCONFIRMED and not resent
// where it cannot (SendGrid, Slack). Real PostgreSQL; e-mail goes to the real sandbox's SendGrid over HTTP, which
// stores the mail and answers late (fault `mail-no-answer`); Slack, PagerDuty and the webhook (not in the sandbox)
// go to a real HTTP server that reads each request and drops the connection without an answer.

const silent = pino({ level: 'silent' });
const ONCALL = 'oncall@chatwatch.test';
let db: Db;
let sandbox: SandboxVendor;
let receiver: Server;
let receiverUrl: string;
/** Every request body the receiver read, by path; `unanswered` are dropped (reset after the request arrived). */
const received = new Map<string, string[]>();
let unanswered = 0;

beforeAll(async () => {
  db = createDb(await createTestDatabase(), 2);
  sandbox = await startSandboxVendor();
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      const bodies = received.get(path) ?? [];
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      received.set(path, bodies);
      if (bodies.length <= unanswered) req.socket.destroy();
      else res.writeHead(202).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
  await db.$disconnect();
});

function channels(slackUrl = `${receiverUrl}/slack`) {
  const config = parseConfig({
    ...REQUIRED_CONFIG_ENV,
    MONITOR_SLACK_WEBHOOK_URL: slackUrl,
    MONITOR_PAGERDUTY_URL: `${receiverUrl}/pd`,
    MONITOR_PAGERDUTY_ROUTING_KEY: 'rk',
    MONITOR_ALERT_WEBHOOK_URL: `${receiverUrl}/hook`,
    MONITOR_ALERT_EMAIL_TO: ONCALL,
  });
  return configuredChannels({
    config,
    // Our client gives up after 1 s; the sandbox, under `mail-no-answer`, answers after 60 s.
    emailTransport: createEmailTransport({
      apiKey: 'SG.test-key.sandbox',
      apiUrl: sandbox.url,
      from: 'ChatWatch <no-reply@chatwatch.test>',
      timeoutMs: 1000,
    }),
  });
}

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
    },
  });
}

const send = (incidentId: string, kind: 'opened' | 'resolved', list = channels()) =>
  sendIncidentAlert({
    ctx: { db, log: silent },
    input: { incidentId, kind },
    options: { channels: list, dashboardUrl: 'https://chatwatch.test', retry: { baseDelayMs: 1, maxDelayMs: 5 } },
  });

const alertMails = async (incidentId: string) => {
  const response = await fetch(`${sandbox.url}/mailbox/api/messages?to=${encodeURIComponent(ONCALL)}`);
  const { data } = (await response.json()) as { data: { subject: string | null; text: string | null }[] };
  return data.filter((mail) => mail.text?.includes(incidentId));
};

/** The SendGrid events the sandbox posted for one alert delivery; waits until its `processed` has been posted. */
async function sendgridEventsFor(deliveryId: string): Promise<unknown[]> {
  for (;;) {
    const events = sandbox.webhooks.requests
      .filter((r) => r.url.pathname === '/api/webhooks/sendgrid')
      .flatMap((r) => JSON.parse(r.body) as { event: string; alert_delivery_id?: string }[])
      .filter((e) => e.alert_delivery_id === deliveryId);
    if (events.some((e) => e.event === 'processed')) return events;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const deliveries = async (incidentId: string) =>
  Object.fromEntries(
    (await db.alertDelivery.findMany({ where: { incidentId, kind: 'OPENED' } })).map((d) => [
      d.channel,
      [d.status, d.attempts],
    ]),
  );

describe('alert sends that get no answer', () => {
  it('resends only where the receiver drops repeats; e-mail and Slack are held UNCONFIRMED, arrive once, and still get the recovery', async () => {
    const { id } = await incident();
    received.clear();
    unanswered = 1;
    const fault = await sandbox.fault('mail-no-answer', { delayMs: 60_000 });
    const opened = await send(id, 'opened');
    await fetch(`${sandbox.url}/admin/faults/${fault}`, { method: 'DELETE' });

    expect(opened).toEqual({ email: 'unconfirmed', slack: 'unconfirmed', pagerduty: 'success', webhook: 'success' });
    expect(await deliveries(id)).toEqual({
      email: ['UNCONFIRMED', 1],
      slack: ['UNCONFIRMED', 1],
      pagerduty: ['SENT', 2],
      webhook: ['SENT', 2],
    });
    // PagerDuty and the webhook got the same alert twice under the same key, which they drop.
    const pd = received.get('/pd')!.map((body) => JSON.parse(body) as { dedup_key: string });
    expect(pd).toHaveLength(2);
    expect(pd[1]!.dedup_key).toBe(pd[0]!.dedup_key);
    const hooks = received.get('/hook')!.map((body) => JSON.parse(body) as { id: string });
    expect(hooks).toHaveLength(2);
    expect(hooks[1]!.id).toBe(hooks[0]!.id);
    // Slack and SendGrid cannot drop a repeat: sent once. The e-mail did arrive (the sandbox stored it) — once.
    expect(received.get('/slack')).toHaveLength(1);
    expect(await alertMails(id)).toHaveLength(1);
    const slack = await db.alertDelivery.findFirstOrThrow({ where: { incidentId: id, channel: 'slack' } });
    expect(slack.error).toMatch(/no answer .*not resent: slack cannot drop a repeat/);

    // SendGrid's events (posted by the sandbox, applied by our event intake) settle the e-mail: it was accepted.
    const email = await db.alertDelivery.findFirstOrThrow({ where: { incidentId: id, channel: 'email' } });
    const events = await sendgridEventsFor(email.id);
    expect((await applySendgridEvents(db, events)).applied).toBeGreaterThan(0);
    expect(await db.alertDelivery.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({
      status: 'SENT',
      sentAt: expect.any(Date),
    });
    expect((await db.alertDelivery.findUniqueOrThrow({ where: { id: slack.id } })).status).toBe('UNCONFIRMED');

    // The recovery goes to every channel that may have seen the opening, UNCONFIRMED ones included.
    received.clear();
    unanswered = 0;
    await db.incident.update({
      where: { id },
      data: { status: 'RESOLVED', resolvedAt: new Date('2025-03-04T09:20:00Z') },
    });
    expect(await send(id, 'resolved')).toEqual({
      email: 'success',
      slack: 'success',
      pagerduty: 'success',
      webhook: 'success',
    });
    expect(await alertMails(id)).toHaveLength(2);
  });

  it('retries Slack when the request never left (connection refused): nothing can have arrived', async () => {
    const { id } = await incident();
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const slackOnly = channels(`http://127.0.0.1:${port}/slack`).filter((c) => c.name === 'slack');
    expect(await send(id, 'opened', slackOnly)).toEqual({ slack: 'failure' });
    const delivery = await db.alertDelivery.findFirstOrThrow({ where: { incidentId: id, channel: 'slack' } });
    expect(delivery).toMatchObject({ status: 'FAILED', attempts: 3 });
    expect(delivery.error).toMatch(/not connected \(ECONNREFUSED\); nothing was sent/);
  });
});
