import { createSign, generateKeyPairSync, randomBytes } from 'node:crypto';
import { EventWebhook } from '@sendgrid/eventwebhook';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeUser, messagingDatabase, silent } from '../../../test/support/messaging';
import { route } from '../../http/route';
import { canonicalLabels } from '../../metrics/shared-counters';
import { queueEmail } from '../outbox/queue-email';
import { receiveSendgridWebhook } from './receive-sendgrid-webhook';

// SendGrid's Signed Event Webhook, signed here exactly as SendGrid does (ECDSA P-256 over timestamp + body, DER,
// base64), and checked by the official @sendgrid/eventwebhook verifier both in the route and in signed() below.
// Event bodies follow the "Event Webhook reference" examples (email, timestamp, smtp-id, event, category,
// sg_event_id, sg_message_id, plus each type's own fields), with our email_id custom arg where SendGrid echoes it.

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const PUBLIC_KEY = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

let env: Awaited<ReturnType<typeof messagingDatabase>>;
beforeAll(async () => {
  env = await messagingDatabase();
});

function signed(events: unknown[], options: { at?: Date; body?: string } = {}): Request {
  const body = JSON.stringify(events);
  const timestamp = String(Math.floor((options.at ?? new Date()).getTime() / 1000));
  const signature = createSign('sha256')
    .update(timestamp + body)
    .sign({ key: privateKey, dsaEncoding: 'der' })
    .toString('base64');
  const official = new EventWebhook();
  if (
    !options.body &&
    !official.verifySignature(official.convertPublicKeyToECDSA(PUBLIC_KEY), body, signature, timestamp)
  )
    throw new Error('the official verifier refuses our test signature');
  return new Request('http://app.test/api/webhooks/sendgrid', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'X-Twilio-Email-Event-Webhook-Signature': signature,
      'X-Twilio-Email-Event-Webhook-Timestamp': timestamp,
    },
    body: options.body ?? body,
  });
}

const post = (request: Request) =>
  route('sendgrid-webhook', async (req) =>
    Response.json(await receiveSendgridWebhook(req, { log: silent, db: env.db, publicKey: PUBLIC_KEY })),
  )(request, { params: Promise.resolve({}) });

let clock = Math.floor(Date.now() / 1000);
const event = (emailId: string, name: string, extra: Record<string, unknown> = {}) => ({
  email: 'dana@example.test',
  timestamp: clock++,
  'smtp-id': '<14c5d75ce93.dfd.64b469@ismtpd-555>',
  event: name,
  category: 'password-reset',
  sg_event_id: randomBytes(12).toString('base64url'),
  sg_message_id: 'sgmsg123.filter0001p1sbx1-0-0-0',
  email_id: emailId,
  ...extra,
});

async function sentEmail(options: { template?: 'password-reset' | 'new-inquiry'; messageId?: string } = {}) {
  const user = await makeUser(env.db, 'CLIENT');
  const props =
    options.template === 'new-inquiry'
      ? {
          designerName: 'Dana',
          clientName: 'Chris',
          projectTitle: 'Loft',
          projectUrl: 'https://app.chatwatch.test/projects/p',
          receivedAt: '2030-01-01T00:00:00Z',
        }
      : { resetUrl: 'https://a.test/r', expiresInMinutes: 30 };
  const { emailId } = await queueEmail(env.db, {
    idempotencyKey: `k-${randomBytes(6).toString('hex')}`,
    template: options.template ?? 'password-reset',
    toUserId: user.id,
    props,
  });
  await env.db.email.update({
    where: { id: emailId },
    data: { status: 'SENT', providerMessageId: options.messageId ?? 'sgmsg123' },
  });
  return emailId;
}

const counted = async (template: string, status: string) => {
  const rows = await env.db.$queryRaw<
    { n: number }[]
  >`SELECT COALESCE(sum(value), 0)::int AS n FROM metric_counter WHERE name = 'emails_total' AND labels = ${canonicalLabels({ template, status })}`;
  return rows[0]!.n;
};
const row = (id: string) =>
  env.db.email.findUniqueOrThrow({
    where: { id },
    include: { events: { where: { source: 'sendgrid' }, orderBy: { id: 'asc' } } },
  });

describe('POST /api/webhooks/sendgrid', () => {
  it('moves an email to delivered and keeps every event in its trace', async () => {
    const id = await sentEmail();
    const response = await post(signed([event(id, 'processed'), event(id, 'delivered', { response: '250 OK' })]));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ applied: 2, duplicates: 0, unknown: 0, invalid: 0 });
    const email = await row(id);
    expect(email.status).toBe('DELIVERED');
    expect(email.events.map((e) => [e.type, e.detail])).toEqual([
      ['processed', null],
      ['delivered', '250 OK'],
    ]);
  });

  it('records a bounce with its reason', async () => {
    const id = await sentEmail();
    await post(signed([event(id, 'bounce', { type: 'bounce', status: '5.1.1', reason: '550 5.1.1 No such user' })]));
    expect(await row(id)).toMatchObject({ status: 'BOUNCED', statusReason: '550 5.1.1 No such user · status 5.1.1' });
  });

  it('applies a redelivered batch once and never moves a status back (events out of order)', async () => {
    const id = await sentEmail();
    const delivered = event(id, 'delivered');
    const processed = event(id, 'processed');
    await post(signed([delivered]));
    const again = await post(signed([delivered, processed]));
    expect(await again.json()).toEqual({ applied: 1, duplicates: 1, unknown: 0, invalid: 0 });
    const email = await row(id);
    expect(email.status).toBe('DELIVERED');
    expect(email.events).toHaveLength(2);
  });

  it('lets SendGrid’s events settle an email a worker was interrupted while sending', async () => {
    const id = await sentEmail();
    await env.db.email.update({
      where: { id },
      data: { status: 'UNCONFIRMED', statusReason: 'no answer: ECONNRESET' },
    });
    await post(signed([event(id, 'processed')]));
    expect(await row(id)).toMatchObject({ status: 'SENT', statusReason: null });
  });

  it('counts events that are not ours without failing the batch', async () => {
    const id = await sentEmail();
    const foreign = { sg_message_id: 'someone-else.filter0001' };
    const response = await post(
      signed([
        event('not-a-uuid', 'delivered', foreign),
        event('00000000-0000-4000-8000-000000000000', 'delivered', foreign),
        event(id, 'processed'),
      ]),
    );
    expect(await response.json()).toEqual({ applied: 1, duplicates: 0, unknown: 2, invalid: 0 });
    expect((await row(id)).status).toBe('SENT');
  });

  it('refuses a tampered batch, a stale timestamp and missing headers with 401, changing nothing', async () => {
    const id = await sentEmail();
    const body = JSON.stringify([event(id, 'delivered')]);
    expect((await post(signed([event(id, 'bounce')], { body }))).status).toBe(401);
    expect((await post(signed([event(id, 'delivered')], { at: new Date(Date.now() - 10 * 60_000) }))).status).toBe(401);
    expect((await post(new Request('http://app.test/x', { method: 'POST', body }))).status).toBe(401);
    expect((await row(id)).status).toBe('SENT');
  });

  it('answers 400 only for a signed body that is not an array of events (SendGrid’s own signed test vector is an object)', async () => {
    // packages/eventwebhook/src/eventwebhook.spec.js in sendgrid/sendgrid-nodejs: signed by SendGrid's key.
    const vector = {
      publicKey:
        'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEDr2LjtURuePQzplybdC+u4CwrqDqBaWjcMMsTbhdbcwHBcepxo7yAQGhHPTnlvFYPAZFceEu/1FwCM/QmGUhA==',
      signature: 'MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH2j/0=',
      timestamp: '1588788367',
      payload: JSON.stringify({ category: 'example_payload', event: 'test_event', message_id: 'message_id' }),
    };
    const request = new Request('http://app.test/api/webhooks/sendgrid', {
      method: 'POST',
      headers: {
        'X-Twilio-Email-Event-Webhook-Signature': vector.signature,
        'X-Twilio-Email-Event-Webhook-Timestamp': vector.timestamp,
      },
      body: vector.payload,
    });
    const at = new Date(Number(vector.timestamp) * 1000);
    const answer = await route('sendgrid-webhook', async (req) =>
      Response.json(
        await receiveSendgridWebhook(req, { log: silent, db: env.db, publicKey: vector.publicKey, now: () => at }),
      ),
    )(request, { params: Promise.resolve({}) });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({
      error: { code: 'invalid_payload', message: expect.stringMatching(/array/) },
    });
    expect((await post(signed([], { body: '[{"event":' }))).status).toBe(401);
  });
});

describe('SendGrid events as the reference documents them', () => {
  it('a bounce after delivered (a delayed bounce) makes the email bounced, with its reason, and counts it', async () => {
    const id = await sentEmail();
    await post(signed([event(id, 'processed'), event(id, 'delivered', { response: '250 OK' })]));
    const before = await counted('password-reset', 'bounced');
    const response = await post(
      signed([
        {
          event: 'bounce',
          type: 'bounce',
          status: '5.1.1',
          reason: '550 5.1.1 no such user',
          email_id: id,
          sg_event_id: randomBytes(9).toString('base64url'),
          timestamp: clock++,
        },
      ]),
    );
    expect(await response.json()).toMatchObject({ applied: 1 });
    expect(await row(id)).toMatchObject({ status: 'BOUNCED', statusReason: '550 5.1.1 no such user · status 5.1.1' });
    expect(await counted('password-reset', 'bounced')).toBe(before + 1);
  });

  it('records bounce type "blocked" as blocked', async () => {
    const id = await sentEmail();
    await post(
      signed([event(id, 'bounce', { type: 'blocked', status: '5.0.0', reason: '550 5.7.1 blocked by policy' })]),
    );
    expect(await row(id)).toMatchObject({
      status: 'BLOCKED',
      statusReason: '550 5.7.1 blocked by policy · status 5.0.0 · type blocked',
    });
  });

  it('a late deferred or processed does not undo delivered; a drop overrides it', async () => {
    const id = await sentEmail();
    await post(signed([event(id, 'delivered')]));
    await post(
      signed([event(id, 'deferred', { response: '400 try again later', attempt: '5' }), event(id, 'processed')]),
    );
    expect((await row(id)).status).toBe('DELIVERED');
    await post(signed([event(id, 'dropped', { reason: 'Bounced Address', status: '5.0.0' })]));
    expect(await row(id)).toMatchObject({ status: 'DROPPED', statusReason: 'Bounced Address · status 5.0.0' });
  });

  it.each([
    ['spamreport', 'spam report'],
    ['unsubscribe', 'unsubscribe'],
  ])('%s opts the recipient out of all notification emails, visibly', async (name, words) => {
    const id = await sentEmail();
    const at = clock;
    await post(signed([event(id, name)]));
    const email = await env.db.email.findUniqueOrThrow({
      where: { id },
      include: { toUser: true, events: { orderBy: { id: 'asc' } } },
    });
    expect(email.toUser.unsubscribedAt).toEqual(new Date(at * 1000));
    expect(email.toUser.unsubscribedReason).toBe(
      `${words} (SendGrid) on ${new Date(at * 1000).toISOString().slice(0, 10)}`,
    );
    expect(email.events.at(-1)).toMatchObject({
      type: 'opted-out',
      source: 'app',
      detail: expect.stringContaining(`opted out of all notification emails: ${words}`),
    });
    expect(email.status).toBe('DELIVERED');
  });

  it('group_unsubscribe opts out of that email’s kind; a redelivery changes nothing', async () => {
    const id = await sentEmail({ template: 'new-inquiry' });
    const unsubscribed = event(id, 'group_unsubscribe', { asm_group_id: 10 });
    await post(signed([unsubscribed]));
    await post(signed([unsubscribed]));
    const { toUserId } = await env.db.email.findUniqueOrThrow({ where: { id } });
    expect(await env.db.emailOptOut.findMany({ where: { userId: toUserId } })).toEqual([
      expect.objectContaining({
        purpose: 'new-inquiry',
        reason: expect.stringMatching(/^group unsubscribe \(SendGrid\) on /),
      }),
    ]);
    expect((await env.db.user.findUniqueOrThrow({ where: { id: toUserId } })).unsubscribedAt).toBeNull();
  });

  it('applies the valid events of a batch and records the invalid ones (2xx, so SendGrid does not retry and then drop the batch)', async () => {
    const id = await sentEmail();
    const before = await env.db.sendgridEventRejection.count();
    const batch = [
      { email: 'a@x.test', timestamp: 1337197600, event: 'processed' }, // the docs' minimal sample: valid, ours or not
      { ...event(id, 'delivered'), email_id: 12345 }, // a number where SendGrid sends strings
      { event: 'delivered' }, // no timestamp
      'not an object',
      { ...event(id, 'bounce'), reason: 'nul \u0000 inside' }, // PostgreSQL text cannot store NUL
      { ...event(id, 'bounce'), sg_event_id: 'x'.repeat(7500) }, // too long to index
      event(id, 'processed'),
    ];
    const response = await post(signed(batch));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ applied: 1, duplicates: 0, unknown: 1, invalid: 5 });
    expect((await row(id)).status).toBe('SENT');
    const rejected = await env.db.sendgridEventRejection.findMany({ orderBy: { id: 'asc' }, skip: before });
    expect(rejected.map((r) => r.problem)).toEqual([
      expect.stringMatching(/^email_id: /),
      expect.stringMatching(/^timestamp: /),
      expect.stringMatching(/^\(event\): /),
      'reason: must not contain NUL',
      expect.stringMatching(/^sg_event_id: /),
    ]);
  });

  it('applies an event without sg_event_id once, however often its batch is redelivered', async () => {
    const id = await sentEmail();
    const { sg_event_id: _none, ...delivered } = event(id, 'delivered');
    expect(await (await post(signed([delivered]))).json()).toMatchObject({ applied: 1 });
    expect(await (await post(signed([delivered]))).json()).toMatchObject({ applied: 0, duplicates: 1 });
    expect((await row(id)).events).toHaveLength(1);
  });

  it('matches an event without our email_id (a Return-Path bounce) by its sg_message_id prefix', async () => {
    const id = await sentEmail({ messageId: `sgid${randomBytes(6).toString('hex')}` });
    const { providerMessageId } = await env.db.email.findUniqueOrThrow({ where: { id } });
    const { email_id: _none, ...bounce } = event(id, 'bounce', {
      type: 'bounce',
      reason: '550 mailbox unavailable',
      status: '5.1.1',
      sg_message_id: `${providerMessageId}.filterdrecv-5645d9c87f-2kz8x-1-0`,
    });
    expect(await (await post(signed([bounce]))).json()).toMatchObject({ applied: 1, unknown: 0 });
    expect((await row(id)).status).toBe('BOUNCED');
  });
});

describe('POST /api/webhooks/sendgrid: hostile input', () => {
  // Per event, not per batch (SendGrid retries a non-2xx batch and then drops it, valid events included): a hostile
  // event is recorded as invalid and skipped, never stored in the trace and never a 5xx.
  it('a signed event with a 7,500-byte event id, or NUL in an id or text field, is recorded invalid and nothing is applied', async () => {
    const emailId = await sentEmail();
    const hostile = [
      event(emailId, 'delivered', { sg_event_id: randomBytes(7500).toString('base64') }),
      event(emailId, 'delivered', { sg_event_id: 'sg\u0000nul' }),
      event(emailId, 'bounce', { reason: 'mailbox full\u0000' }),
      event(`${emailId}\u0000`, 'delivered'),
    ];
    for (const e of hostile) {
      const response = await post(signed([e]));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ applied: 0, duplicates: 0, unknown: 0, invalid: 1 });
    }
    expect((await row(emailId)).status).toBe('SENT');
    expect((await row(emailId)).events).toHaveLength(0);
  });
});
