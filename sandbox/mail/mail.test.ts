import { Client } from '@sendgrid/client';
import { EventWebhook, EventWebhookHeader } from '@sendgrid/eventwebhook';
import sgMail from '@sendgrid/mail';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/db';
import {
  EVENT_PUBLIC_KEY_B64,
  SENDGRID_KEY,
  startReceiver,
  startSandbox,
  OUTCOME_WAIT_MS,
  waitFor,
  type Receiver,
  type Running,
} from '../test/harness';

let run: Running;
let receiver: Receiver;

beforeAll(async () => {
  const databaseUrl = await createTestDatabase();
  receiver = await startReceiver();
  run = await startSandbox(databaseUrl, {
    SENDGRID_EVENT_WEBHOOK_URL: `${receiver.url}/api/webhooks/sendgrid`,
    APP_WEBHOOK_URL: `${receiver.url}/vendor`,
  });
  // setApiKey resets the base URL, so the sandbox's URL is set after it.
  const client = new Client();
  client.setApiKey(SENDGRID_KEY);
  client.setDefaultRequest('baseUrl', `${run.url}/`);
  sgMail.setClient(client);
});

afterAll(async () => {
  await run?.sandbox.stop();
  await receiver?.close();
});

beforeEach(async () => {
  receiver.respond = () => 200;
  await run.call('DELETE', '/mailbox/api/messages');
});

const post = (body: unknown, key = SENDGRID_KEY) =>
  fetch(`${run.url}/v3/mail/send`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const valid = {
  personalizations: [{ to: [{ email: 'x@example.test' }] }],
  from: { email: 'no-reply@chatwatch.test' },
  subject: 'Hi',
  content: [{ type: 'text/plain', value: 'Hello' }],
};
const eventPosts = () => receiver.requests.filter((r) => r.path === '/api/webhooks/sendgrid');
const eventsFor = (messageId: string) =>
  eventPosts().flatMap((r) =>
    (JSON.parse(r.body) as any[]).filter((e) => String(e.sg_message_id).startsWith(`${messageId}.`)),
  );

describe('POST /v3/mail/send', () => {
  it('accepts a real @sendgrid/mail call with 202 and an X-Message-Id, and shows it in the mailbox', async () => {
    const [response] = await sgMail.send({
      to: 'Jane@Example.test',
      from: { email: 'no-reply@chatwatch.test', name: 'ChatWatch' },
      subject: 'You have an unread message',
      text: 'Open ChatWatch to read it.',
      html: '<p>Open <b>ChatWatch</b> to read it.</p>',
      categories: ['unread'],
      customArgs: { emailKey: 'unread:msg_1', projectId: 'p1' },
      headers: { 'X-Entity-Ref-ID': 'ref-1' },
    });
    expect(response.statusCode).toBe(202);
    const messageId = response.headers['x-message-id'] as string;
    expect(messageId).toMatch(/^[\w-]{22}$/);

    const box = await run.call('GET', '/mailbox/api/messages?to=jane@example.test');
    expect(box.json.data).toHaveLength(1);
    expect(box.json.data[0]).toMatchObject({
      messageId,
      to: ['Jane@Example.test'],
      from: { email: 'no-reply@chatwatch.test', name: 'ChatWatch' },
      subject: 'You have an unread message',
      text: 'Open ChatWatch to read it.',
      html: '<p>Open <b>ChatWatch</b> to read it.</p>',
      categories: ['unread'],
      customArgs: { emailKey: 'unread:msg_1', projectId: 'p1' },
      headers: { 'X-Entity-Ref-ID': 'ref-1' },
    });
    const other = await run.call('GET', '/mailbox/api/messages?to=someone@else.test');
    expect(other.json.data).toEqual([]);

    const list = await (await fetch(`${run.url}/mailbox`)).text();
    expect(list).toContain('You have an unread message');
    const detail = await (await fetch(`${run.url}/mailbox/${box.json.data[0].id}`)).text();
    expect(detail).toContain('sandbox="" srcdoc="&lt;p&gt;Open &lt;b&gt;ChatWatch&lt;/b&gt;');
    expect(detail).toContain('Open ChatWatch to read it.');
  });

  it('rejects a malformed @sendgrid/mail call with 400 and SendGrid-shaped errors', async () => {
    const error = await sgMail
      .send({ to: 'not-an-address', from: 'no-reply@chatwatch.test', subject: 's', text: 't' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 400 });
    const body = (error as { response: { body: { errors: unknown[] } } }).response.body;
    expect(body.errors).toEqual([
      { message: 'Does not contain a valid address.', field: 'personalizations.0.to.0.email', help: null },
    ]);
  });

  it('validates like SendGrid', async () => {
    const fieldsOf = async (body: unknown) => {
      const r = await post(body);
      expect(r.status).toBe(400);
      const json = (await r.json()) as { errors: { field: string | null; message: string; help: null }[] };
      for (const e of json.errors) expect(typeof e.message).toBe('string');
      return json.errors.map((e) => e.field);
    };
    expect(await fieldsOf({ ...valid, personalizations: [] })).toEqual(['personalizations']);
    expect(await fieldsOf({ ...valid, personalizations: [{ to: [] }] })).toEqual(['personalizations.0.to']);
    expect(await fieldsOf({ ...valid, from: undefined })).toEqual(['from.email']);
    expect(await fieldsOf({ ...valid, from: { email: 'nope' } })).toEqual(['from.email']);
    expect(await fieldsOf({ ...valid, subject: undefined })).toEqual(['subject']);
    expect(await fieldsOf({ ...valid, content: [] })).toEqual(['content']);
    expect(await fieldsOf({ ...valid, content: [{ type: 'text/html', value: '' }] })).toEqual(['content.0.value']);
    expect(
      await fieldsOf({
        ...valid,
        content: [
          { type: 'text/html', value: '<p>x</p>' },
          { type: 'text/plain', value: 'x' },
        ],
      }),
    ).toEqual(['content.1.type']);
    expect(await fieldsOf({ ...valid, headers: { 'X-Count': 1 } })).toEqual(['headers.X-Count']);
    expect(await fieldsOf({ ...valid, custom_args: { n: 2 } })).toEqual(['custom_args.n']);
    expect(
      await fieldsOf({
        ...valid,
        personalizations: [{ to: [{ email: 'a@example.test' }], custom_args: { ok: true } }],
      }),
    ).toEqual(['personalizations.0.custom_args.ok']);
    expect(await fieldsOf('{oops')).toEqual([null]);
    // A template needs neither subject nor content.
    expect((await post({ ...valid, subject: undefined, content: undefined, template_id: 'd-123' })).status).toBe(202);
    // Every personalization having a subject is enough.
    expect(
      (
        await post({
          ...valid,
          subject: undefined,
          personalizations: [{ to: [{ email: 'a@example.test' }], subject: 'p' }],
        })
      ).status,
    ).toBe(202);

    const huge = await post({ ...valid, content: [{ type: 'text/plain', value: 'x'.repeat(300 * 1024) }] });
    expect(huge.status).toBe(413);
    expect((await huge.json()).errors[0]).toMatchObject({ field: null, help: null });
  });

  it('answers 401 in SendGrid shape for a bad key', async () => {
    const r = await post(valid, 'SG.wrong');
    expect(r.status).toBe(401);
    expect(await r.json()).toEqual({ errors: [{ message: expect.any(String), field: null, help: null }] });
  });

  it('honours sandbox_mode: validated, 200, nothing stored or sent', async () => {
    const [response] = await sgMail.send({
      to: 'quiet@example.test',
      from: 'no-reply@chatwatch.test',
      subject: 's',
      text: 't',
      mailSettings: { sandboxMode: { enable: true } },
    });
    expect(response.statusCode).toBe(200);
    const invalid = await post({ ...valid, from: { email: 'bad' }, mail_settings: { sandbox_mode: { enable: true } } });
    expect(invalid.status).toBe(400);
    // A real send afterwards is stored and its events posted: by then anything from the sandbox_mode calls would be too.
    const [marker] = await sgMail.send({
      to: 'marker@example.test',
      from: 'no-reply@chatwatch.test',
      subject: 's',
      text: 't',
    });
    const markerId = String(marker.headers['x-message-id']);
    await waitFor(
      () => eventsFor(markerId).some((e) => e.event === 'delivered'),
      OUTCOME_WAIT_MS,
      'the marker mail delivered',
    );
    const stored = JSON.stringify((await run.call('GET', '/mailbox/api/messages')).json.data);
    expect(stored).toContain('marker@example.test');
    expect(stored).not.toContain('quiet@example.test');
    expect(eventPosts().filter((r) => r.body.includes('quiet@example.test'))).toEqual([]);
  });
});

describe('the event webhook', () => {
  it('posts processed then delivered/bounce/dropped, with custom args, signed so @sendgrid/eventwebhook verifies it', async () => {
    const [response] = await sgMail.send({
      personalizations: [
        { to: [{ email: 'ok@example.test' }], customArgs: { emailKey: 'k-ok' } },
        { to: [{ email: 'bounce-me@example.test' }], customArgs: { emailKey: 'k-bounce' } },
        { to: [{ email: 'drop.me@example.test' }], customArgs: { emailKey: 'k-drop' } },
      ],
      from: 'no-reply@chatwatch.test',
      subject: 'Events',
      text: 'x',
      customArgs: { projectId: 'p-9' },
    });
    const messageId = response.headers['x-message-id'] as string;
    const events = await waitFor(
      () => (eventsFor(messageId).length === 6 ? eventsFor(messageId) : undefined),
      OUTCOME_WAIT_MS,
      'six events',
    );

    const byEmail = (email: string) => events.filter((e) => e.email === email).map((e) => e.event);
    expect(byEmail('ok@example.test')).toEqual(['processed', 'delivered']);
    expect(byEmail('bounce-me@example.test')).toEqual(['processed', 'bounce']);
    expect(byEmail('drop.me@example.test')).toEqual(['processed', 'dropped']);
    for (const e of events) {
      expect(e).toMatchObject({ timestamp: expect.any(Number), sg_event_id: expect.any(String), projectId: 'p-9' });
      expect(e.sg_message_id).toMatch(new RegExp(`^${messageId}\\.filter`));
      expect(Math.abs(e.timestamp - Date.now() / 1000)).toBeLessThan(30);
    }
    expect(events.find((e) => e.event === 'bounce').emailKey).toBe('k-bounce');
    expect(events.find((e) => e.event === 'bounce').reason).toBeTruthy();
    expect(events.find((e) => e.event === 'dropped').reason).toBeTruthy();
    expect(new Set(events.map((e) => e.sg_event_id)).size).toBe(6);

    const verifier = new EventWebhook();
    const key = verifier.convertPublicKeyToECDSA(EVENT_PUBLIC_KEY_B64);
    const posts = eventPosts().filter((r) => r.body.includes(messageId));
    expect(posts).toHaveLength(2);
    for (const post of posts) {
      const signature = post.headers[EventWebhookHeader.SIGNATURE().toLowerCase()] as string;
      const timestamp = post.headers[EventWebhookHeader.TIMESTAMP().toLowerCase()] as string;
      expect(verifier.verifySignature(key, post.body, signature, timestamp)).toBe(true);
      expect(verifier.verifySignature(key, post.body.replace('"email":"', '"email":"x'), signature, timestamp)).toBe(
        false,
      );
      expect(verifier.verifySignature(key, post.body, signature, String(Number(timestamp) + 1))).toBe(false);
    }
  });

  it('retries an event post that failed', async () => {
    let failed = 0;
    receiver.respond = (req) => (req.path === '/api/webhooks/sendgrid' && failed++ < 1 ? 500 : 200);
    const [response] = await sgMail.send({
      to: 'retry@example.test',
      from: 'no-reply@chatwatch.test',
      subject: 's',
      text: 't',
    });
    const messageId = response.headers['x-message-id'] as string;
    await waitFor(() => eventsFor(messageId).length === 3, OUTCOME_WAIT_MS, 'processed twice and delivered once');
    // The receiver sees the last post before the sandbox commits its outcome: wait for the log to settle.
    const log = await waitFor(
      async () => {
        const entries = (await run.call('GET', '/admin/api/deliveries?target=sendgrid')).json.data.filter(
          (d: any) => d.messageId === messageId,
        );
        return entries.every((d: any) => d.status !== 'pending') ? entries : undefined;
      },
      OUTCOME_WAIT_MS,
      'both event posts recorded',
    );
    expect(log.map((d: any) => d.status)).toEqual(['delivered', 'delivered']);
    expect(log[0].attempts.map((a: any) => a.statusCode)).toEqual([500, 200]);
  });
});
