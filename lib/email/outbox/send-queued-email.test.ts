import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHttpStub, type HttpStub, type StubReply } from '../../../test/support/http-stub';
import { testContext } from '../../../test/support/service-context';
import { extendContext } from '../../context';
import { AUTH_SECRET, claimSettings, makeUser, messagingDatabase, silent } from '../../../test/support/messaging';
import { applyUnsubscribe } from '../apply-unsubscribe';
import { EmailTemplateError } from '../render';
import { createEmailTransport, type EmailTransport } from '../transport';
import { queueEmail } from './queue-email';
import { sendQueuedEmail } from './send-queued-email';
import { sendEmailJob } from '../jobs/send-email';
import { applySendgridEvents } from '../events/apply-sendgrid-events';

// The outbox's send path against a real PostgreSQL and a local SendGrid stub (POST /v3/mail/send).

let env: Awaited<ReturnType<typeof messagingDatabase>>;
let stub: HttpStub;
let transport: EmailTransport;
const sleeps: number[] = [];
const retry = { attempts: 3, baseDelayMs: 10, sleep: async (ms: number) => void sleeps.push(ms), random: () => 0.5 };

beforeAll(async () => {
  env = await messagingDatabase();
  stub = await startHttpStub();
  transport = createEmailTransport({
    apiKey: 'SG.test',
    apiUrl: stub.url,
    from: 'no-reply@chatwatch.test',
    timeoutMs: 3000,
  });
});
afterAll(() => stub.close());
beforeEach(() => {
  stub.requests.length = 0;
  sleeps.length = 0;
  stub.handle(() => ({ status: 202, headers: { 'x-message-id': 'sg-ok' } }));
});

const send = (emailId: string, options: { finalAttempt?: boolean; now?: Date } = {}) =>
  sendQueuedEmail(
    extendContext(testContext({ db: env.db, log: silent, clock: options.now }), {
      transport,
      retry,
      settings: claimSettings,
    }),
    { emailId, finalAttempt: options.finalAttempt ?? false },
  );
const email = (id: string) =>
  env.db.email.findUniqueOrThrow({ where: { id }, include: { events: { orderBy: { id: 'asc' } } } });
const resetProps = {
  recipientName: 'Dana',
  resetUrl: 'https://app.chatwatch.test/reset?token=t',
  expiresInMinutes: 30,
};
let n = 0;
const key = () => `test:${Date.now()}:${n++}`;

async function queuedReset(userId?: string) {
  const user = userId ?? (await makeUser(env.db, 'CLIENT')).id;
  return (
    await queueEmail(env.db, { idempotencyKey: key(), template: 'password-reset', toUserId: user, props: resetProps })
  ).emailId;
}

describe('queueEmail', () => {
  it('queues a logical email once: the same idempotency key returns the first row and adds no job', async () => {
    const user = await makeUser(env.db, 'CLIENT');
    const k = key();
    const first = await queueEmail(env.db, {
      idempotencyKey: k,
      template: 'password-reset',
      toUserId: user.id,
      props: resetProps,
    });
    const second = await env.db.$transaction((tx) =>
      queueEmail(tx, { idempotencyKey: k, template: 'password-reset', toUserId: user.id, props: resetProps }),
    );
    expect(first.created).toBe(true);
    expect(second).toEqual({ emailId: first.emailId, created: false });
    expect(await email(first.emailId)).toMatchObject({
      status: 'QUEUED',
      template: 'password-reset',
      toUserId: user.id,
    });
    const jobs = await env.db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
      WHERE t.identifier = ${sendEmailJob.name} AND j.payload->>'emailId' = ${first.emailId}`;
    expect(jobs[0]!.n).toBe(1);
  });

  it('refuses props that do not fit the template, and the caller’s transaction writes nothing', async () => {
    const user = await makeUser(env.db, 'CLIENT');
    const k = key();
    await expect(
      env.db.$transaction(async (tx) => {
        await tx.user.update({ where: { id: user.id }, data: { name: 'Renamed' } });
        await queueEmail(tx, {
          idempotencyKey: k,
          template: 'password-reset',
          toUserId: user.id,
          props: { resetUrl: 'javascript:alert(1)', expiresInMinutes: 30 },
        });
      }),
    ).rejects.toBeInstanceOf(EmailTemplateError);
    expect(await env.db.email.count({ where: { idempotencyKey: k } })).toBe(0);
    expect((await env.db.user.findUniqueOrThrow({ where: { id: user.id } })).name).not.toBe('Renamed');
  });
});

describe('sendQueuedEmail', () => {
  it('sends, carrying our email id in custom_args, and records the provider id', async () => {
    const id = await queuedReset();
    expect(await send(id)).toBe('sent');
    const body = JSON.parse(stub.requests[0]!.body) as {
      custom_args: unknown;
      categories: string[];
      headers?: unknown;
    };
    expect(body.custom_args).toEqual({ email_id: id });
    expect(body.categories).toEqual(['password-reset']);
    expect(body.headers).toBeUndefined();
    expect(await email(id)).toMatchObject({
      status: 'SENT',
      providerMessageId: 'sg-ok',
      sendAttempts: 1,
      sentAt: expect.any(Date),
    });
  });

  it('retries a 429 after Retry-After and then sends (one email, two requests)', async () => {
    let calls = 0;
    stub.handle((): StubReply =>
      calls++ === 0
        ? { status: 429, headers: { 'retry-after': '2' }, body: { errors: [{ message: 'rate limited' }] } }
        : { status: 202, headers: { 'x-message-id': 'sg-after-429' } },
    );
    const id = await queuedReset();
    expect(await send(id)).toBe('sent');
    expect(stub.requests).toHaveLength(2);
    expect(sleeps).toEqual([2000]);
    expect(await email(id)).toMatchObject({ status: 'SENT', providerMessageId: 'sg-after-429' });
  });

  it('does not retry a 400: the email is failed with SendGrid’s reason', async () => {
    stub.handle(() => ({
      status: 400,
      body: { errors: [{ message: 'Does not contain a valid address.', field: 'personalizations.0.to' }] },
    }));
    const id = await queuedReset();
    expect(await send(id)).toBe('failed');
    expect(stub.requests).toHaveLength(1);
    const row = await email(id);
    expect(row).toMatchObject({
      status: 'FAILED',
      statusReason: 'SendGrid 400: Does not contain a valid address. (personalizations.0.to)',
    });
    expect(row.events.map((e) => e.type)).toEqual(['queued', 'sending', 'failed']);
  });

  it('after repeated 5xx puts the email back in the queue for the job’s next attempt, and fails it on the last', async () => {
    stub.handle(() => ({ status: 503, body: { errors: [{ message: 'service unavailable' }] } }));
    const id = await queuedReset();
    expect(await send(id)).toBe('retry');
    expect(stub.requests).toHaveLength(3);
    expect(await email(id)).toMatchObject({ status: 'QUEUED', statusReason: 'SendGrid 503: service unavailable' });
    expect(await send(id, { finalAttempt: true })).toBe('failed');
    expect(await email(id)).toMatchObject({
      status: 'FAILED',
      statusReason: 'gave up after the last attempt: SendGrid 503: service unavailable',
    });
  });

  it('never resends an email an earlier attempt left mid-send; holds it as unconfirmed', async () => {
    const id = await queuedReset();
    await env.db.email.update({ where: { id }, data: { status: 'SENDING' } });
    expect(await send(id)).toBe('unconfirmed');
    expect(stub.requests).toHaveLength(0);
    expect(await email(id)).toMatchObject({
      status: 'UNCONFIRMED',
      statusReason: expect.stringMatching(/^interrupted/),
    });
  });

  it('records a refused attempt before backing off: a worker killed during the back-off leaves an email the next run sends once', async () => {
    let answered500 = false;
    stub.handle((): StubReply =>
      answered500
        ? { status: 202, headers: { 'x-message-id': 'sg-after-crash' } }
        : ((answered500 = true), { status: 500, body: { errors: [{ message: 'internal error' }] } }),
    );
    const id = await queuedReset();
    let during: Awaited<ReturnType<typeof email>> | undefined;
    const killed = new Error('SIGKILL during the back-off');
    const dying = {
      attempts: 3,
      baseDelayMs: 10,
      random: () => 0.5,
      sleep: async () => {
        during = await email(id);
        throw killed; // nothing after this line runs, as in a killed process
      },
    };
    await expect(
      sendQueuedEmail(
        extendContext(testContext({ db: env.db, log: silent }), { transport, retry: dying, settings: claimSettings }),
        { emailId: id, finalAttempt: false },
      ),
    ).rejects.toBe(killed);
    expect(during).toMatchObject({ status: 'QUEUED', statusReason: 'SendGrid 500: internal error' });
    expect(during!.events.at(-1)).toMatchObject({
      type: 'send-retry',
      detail: expect.stringMatching(/^attempt 1 not accepted \(SendGrid 500: internal error\)/),
    });
    // The restarted worker runs the job again.
    expect(await send(id)).toBe('sent');
    expect(stub.requests).toHaveLength(2);
    expect(await email(id)).toMatchObject({ status: 'SENT', providerMessageId: 'sg-after-crash', sendAttempts: 2 });
  });

  it('reschedules for SendGrid’s X-RateLimit-Reset instead of spending attempts inside the rate-limit window', async () => {
    const reset = Math.ceil(Date.now() / 1000) + 120;
    stub.handle(() => ({
      status: 429,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
      body: { errors: [{ message: 'too many requests' }] },
    }));
    const id = await queuedReset();
    expect(await send(id)).toBe('rescheduled');
    expect(stub.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(await email(id)).toMatchObject({ status: 'QUEUED', statusReason: 'SendGrid 429: too many requests' });
    const jobs = await env.db.$queryRaw<{ run_at: Date }[]>`
      SELECT j.run_at FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
      WHERE t.identifier = ${sendEmailJob.name} AND j.payload->>'emailId' = ${id} ORDER BY j.run_at DESC LIMIT 1`;
    expect(Math.abs(jobs[0]!.run_at.getTime() - reset * 1000)).toBeLessThan(2000);
  });

  describe('an attempt with no answer (outcome unknown)', () => {
    const reset = () => {
      // Reads the request, then closes the connection without answering.
      stub.handle(() => new Promise<StubReply>(() => undefined));
    };
    const noAnswer = () =>
      createEmailTransport({ apiKey: 'SG.test', apiUrl: stub.url, from: 'no-reply@chatwatch.test', timeoutMs: 150 });
    const sendVia = (t: EmailTransport, id: string, now = new Date()) =>
      sendQueuedEmail(
        extendContext(testContext({ db: env.db, log: silent, clock: now }), {
          transport: t,
          retry,
          settings: { ...claimSettings, unconfirmedHoldMs: 60 * 60_000 },
        }),
        { emailId: id, finalAttempt: false },
      );

    it('is held as UNCONFIRMED, never resent by a later run, and settled by SendGrid’s processed event', async () => {
      reset();
      const id = await queuedReset();
      expect(await sendVia(noAnswer(), id)).toBe('unconfirmed');
      expect(stub.requests).toHaveLength(1);
      expect(await email(id)).toMatchObject({
        status: 'UNCONFIRMED',
        statusReason: expect.stringMatching(/^no answer: /),
      });
      stub.handle(() => ({ status: 202 }));
      expect(await sendVia(transport, id)).toBe('skipped');
      expect(stub.requests).toHaveLength(1);
      await applySendgridEvents(env.db, [
        { event: 'processed', timestamp: Math.floor(Date.now() / 1000), sg_event_id: `p-${id}`, email_id: id },
      ]);
      expect(await email(id)).toMatchObject({ status: 'SENT', statusReason: null });
    });

    it('is marked failed, visibly and still not resent, when no SendGrid event comes within the hold', async () => {
      reset();
      const id = await queuedReset();
      const start = new Date();
      expect(await sendVia(noAnswer(), id, start)).toBe('unconfirmed');
      stub.handle(() => ({ status: 202 }));
      expect(await sendVia(transport, id, new Date(start.getTime() + 59 * 60_000))).toBe('skipped');
      expect(await sendVia(transport, id, new Date(start.getTime() + 61 * 60_000))).toBe('failed');
      expect(stub.requests).toHaveLength(1);
      const row = await email(id);
      expect(row).toMatchObject({
        status: 'FAILED',
        statusReason: expect.stringMatching(/^outcome unknown: .* not resent/),
      });
      expect(row.events.map((e) => e.type)).toEqual(['queued', 'sending', 'unconfirmed', 'failed']);
    });
  });

  it('does nothing for an email already sent or cancelled (a repeated job)', async () => {
    const id = await queuedReset();
    await send(id);
    expect(await send(id)).toBe('skipped');
    expect(stub.requests).toHaveLength(1);
  });
});

describe('preferences in the send path', () => {
  async function queuedNotification(user: { id: string }, sendAt?: Date) {
    const props = {
      designerName: 'Dana',
      clientName: 'Chris',
      projectTitle: 'Loft',
      projectUrl: 'https://app.chatwatch.test/projects/p',
      receivedAt: '2030-01-01T00:00:00Z',
    };
    return (
      await queueEmail(env.db, { idempotencyKey: key(), template: 'new-inquiry', toUserId: user.id, props, sendAt })
    ).emailId;
  }

  it('cancels a notification for a user who turned emails off, but still sends them a password reset', async () => {
    const user = await makeUser(env.db, 'DESIGNER', { emailMode: 'OFF' });
    const notification = await queuedNotification(user);
    expect(await send(notification)).toBe('cancelled');
    expect(await email(notification)).toMatchObject({
      status: 'CANCELLED',
      statusReason: 'recipient turned email notifications off',
    });
    expect(await send(await queuedReset(user.id))).toBe('sent');
    expect(stub.requests).toHaveLength(1);
  });

  it('honours the one-click unsubscribe link of an email it sent', async () => {
    const user = await makeUser(env.db, 'DESIGNER');
    expect(await send(await queuedNotification(user))).toBe('sent');
    const headers = (JSON.parse(stub.requests[0]!.body) as { headers: Record<string, string> }).headers;
    const link = new URL(headers['List-Unsubscribe']!.slice(1, -1));
    expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const claim = await applyUnsubscribe(env.db, link.searchParams.get('token'), { secret: AUTH_SECRET });
    expect(claim).toEqual({ userId: user.id, purpose: 'new-inquiry' });
    const next = await queuedNotification(user);
    expect(await send(next)).toBe('cancelled');
    expect((await email(next)).statusReason).toBe('recipient unsubscribed from new-inquiry emails');
  });

  it('defers through quiet hours and sends when they end', async () => {
    const user = await makeUser(env.db, 'CLIENT', { quietStartMin: 22 * 60, quietEndMin: 7 * 60, timeZone: 'UTC' });
    const due = new Date('2031-01-01T23:00:00Z');
    const id = await queuedNotification(user, due);
    expect(await send(id, { now: due })).toBe('deferred');
    const deferred = await email(id);
    expect(deferred).toMatchObject({
      status: 'QUEUED',
      sendAt: new Date('2031-01-02T07:00:00Z'),
      statusReason: 'quiet hours 22:00–07:00 UTC',
    });
    expect(deferred.events.at(-1)).toMatchObject({ type: 'deferred' });
    expect(await send(id, { now: new Date('2031-01-02T07:00:00Z') })).toBe('sent');
  });
});
