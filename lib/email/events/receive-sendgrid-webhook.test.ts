import { createSign, generateKeyPairSync, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeUser, messagingDatabase, silent } from '../../../test/support/messaging';
import { route } from '../../http/route';
import { queueEmail } from '../outbox/queue-email';
import { receiveSendgridWebhook } from './receive-sendgrid-webhook';

// SendGrid's Signed Event Webhook, signed here exactly as SendGrid does (ECDSA P-256 over timestamp + body).

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const PUBLIC_KEY = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

let env: Awaited<ReturnType<typeof messagingDatabase>>;
beforeAll(async () => {
  env = await messagingDatabase();
});

function signed(events: unknown[], options: { at?: Date; body?: string } = {}): Request {
  const body = JSON.stringify(events);
  const timestamp = String(Math.floor((options.at ?? new Date()).getTime() / 1000));
  const signature = createSign('sha256').update(timestamp + body).sign({ key: privateKey, dsaEncoding: 'der' }).toString('base64');
  return new Request('http://app.test/api/webhooks/sendgrid', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Twilio-Email-Event-Webhook-Signature': signature, 'X-Twilio-Email-Event-Webhook-Timestamp': timestamp },
    body: options.body ?? body,
  });
}

const post = (request: Request) =>
  route('sendgrid-webhook', async (req) => Response.json(await receiveSendgridWebhook(req, { log: silent, db: env.db, publicKey: PUBLIC_KEY })))(request, { params: Promise.resolve({}) });

const event = (emailId: string, name: string, extra: Record<string, unknown> = {}) => ({
  email: 'dana@example.test',
  timestamp: Math.floor(Date.now() / 1000),
  event: name,
  sg_event_id: randomBytes(12).toString('base64url'),
  sg_message_id: 'sgmsg123.filter0001p1sbx1-0-0-0',
  email_id: emailId,
  ...extra,
});

async function sentEmail() {
  const user = await makeUser(env.db, 'CLIENT');
  const { emailId } = await queueEmail(env.db, { idempotencyKey: `k-${randomBytes(6).toString('hex')}`, template: 'password-reset', toUserId: user.id, props: { resetUrl: 'https://a.test/r', expiresInMinutes: 30 } });
  await env.db.email.update({ where: { id: emailId }, data: { status: 'SENT', providerMessageId: 'sgmsg123' } });
  return emailId;
}
const row = (id: string) => env.db.email.findUniqueOrThrow({ where: { id }, include: { events: { where: { source: 'sendgrid' }, orderBy: { id: 'asc' } } } });

describe('POST /api/webhooks/sendgrid', () => {
  it('moves an email to delivered and keeps every event in its trace', async () => {
    const id = await sentEmail();
    const response = await post(signed([event(id, 'processed'), event(id, 'delivered', { response: '250 OK' })]));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ applied: 2, duplicates: 0, unknown: 0 });
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
    expect(await row(id)).toMatchObject({ status: 'BOUNCED', statusReason: '5.1.1 · 550 5.1.1 No such user' });
  });

  it('applies a redelivered batch once and never moves a status back (events out of order)', async () => {
    const id = await sentEmail();
    const delivered = event(id, 'delivered');
    const processed = event(id, 'processed');
    await post(signed([delivered]));
    const again = await post(signed([delivered, processed]));
    expect(await again.json()).toEqual({ applied: 1, duplicates: 1, unknown: 0 });
    const email = await row(id);
    expect(email.status).toBe('DELIVERED');
    expect(email.events).toHaveLength(2);
  });

  it('lets SendGrid’s events settle an email a worker was interrupted while sending', async () => {
    const id = await sentEmail();
    await env.db.email.update({ where: { id }, data: { status: 'FAILED', statusReason: 'interrupted while being handed to SendGrid' } });
    await post(signed([event(id, 'processed')]));
    expect(await row(id)).toMatchObject({ status: 'SENT', statusReason: null });
  });

  it('counts events that are not ours without failing the batch', async () => {
    const id = await sentEmail();
    const response = await post(signed([event('not-a-uuid', 'delivered'), event('00000000-0000-4000-8000-000000000000', 'delivered'), event(id, 'open')]));
    expect(await response.json()).toEqual({ applied: 1, duplicates: 0, unknown: 2 });
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

  it('answers 400 for a signed body that is not an event array', async () => {
    const response = await post(signed([{ event: 'delivered' }]));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_payload', message: expect.stringMatching(/sg_event_id/) } });
  });
});

describe('POST /api/webhooks/sendgrid: hostile input', () => {
  it('a signed batch with a 7,500-byte event id, or NUL in an id or text field, is a 400 and nothing is applied', async () => {
    const emailId = await sentEmail();
    const hostile = [
      event(emailId, 'delivered', { sg_event_id: randomBytes(7500).toString('base64') }),
      event(emailId, 'delivered', { sg_event_id: 'sg\u0000nul' }),
      event(emailId, 'bounce', { reason: 'mailbox full\u0000' }),
      event(`${emailId}\u0000`, 'delivered'),
    ];
    for (const e of hostile) {
      const response = await post(signed([e]));
      expect(response.status).toBe(400);
    }
    expect((await row(emailId)).status).toBe('SENT');
    expect((await row(emailId)).events).toHaveLength(0);
  });
});
