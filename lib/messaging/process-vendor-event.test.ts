import { beforeAll, describe, expect, it } from 'vitest';
import {
  addSeconds,
  APP_URL,
  makeConversation,
  messageReadEvent,
  messageSentEvent,
  messagingDatabase,
  messagingSettings,
  sendgridStub,
  signedRequest,
  silent,
  testVendor,
} from '../../test/support/messaging';
import type { HttpStub } from '../../test/support/http-stub';
import { testContext } from '../../test/support/service-context';
import { jobRows, runJobsUntil, sendJobsOf } from '../../test/support/worker';
import { workerStages } from '../../test/support/worker-stages';
import { extendContext } from '../context';
import { backfillMessages, findUnrecordedMessages } from './backfill-messages';
import { ingestVendorEvents } from './ingest-vendor-events';
import { processVendorEvent } from './process-vendor-event';
import { receiveVendorWebhook } from './receive-vendor-webhook';

// Webhook → the real worker (graphile-worker with the registered jobs) → email rules, on a real PostgreSQL with a
// SendGrid stub, one stage at a time (processing, then sending), each run until its recorded outcome is there.
// Vendor times are real (now), so an unread email is due 300 s after its message (UNREAD_EMAIL_DELAY_SECONDS): the
// tests read that from the email's sendAt and its send job's run_at, then make that one job due at once with
// graphile-worker's own reschedule_jobs instead of waiting five minutes.

let env: Awaited<ReturnType<typeof messagingDatabase>>;
let stub: HttpStub;
let jobEnv: Record<string, string>;
let stages: ReturnType<typeof workerStages>;
const vendor = testVendor();

beforeAll(async () => {
  env = await messagingDatabase();
  ({ stub } = await sendgridStub());
  jobEnv = {
    SENDGRID_API_URL: stub.url,
    APP_URL,
    UNREAD_EMAIL_DELAY_SECONDS: String(messagingSettings.unreadDelaySeconds),
    UNMATCHED_RETRY_DELAYS_SECONDS: '1,2',
  };
  stages = workerStages({ url: env.url, db: env.db, env: jobEnv });
});

const deliver = (event: { id: string }) =>
  receiveVendorWebhook(signedRequest(event), { vendor, db: env.pool, log: silent });
/** Mail bodies SendGrid received for one address. */
const mailsTo = (address: string) =>
  stub.requests
    .map(
      (r) =>
        JSON.parse(r.body) as {
          personalizations: { to: { email: string }[] }[];
          subject: string;
          content: { value: string }[];
          headers?: Record<string, string>;
          custom_args?: Record<string, string>;
          mail_settings?: unknown;
        },
    )
    .filter((m) => m.personalizations[0]!.to[0]!.email === address);
const emailsOf = (userId: string) =>
  env.db.email.findMany({
    where: { toUserId: userId },
    include: { messages: true, events: { orderBy: { id: 'asc' } } },
    orderBy: { createdAt: 'asc' },
  });

/** Runs event processing until no processing job is left and `until` (if given) holds. */
const processAll = (what: string, until: () => Promise<boolean> = async () => true) =>
  stages.process(what, async () => (await jobRows(env.db, 'process-vendor-events')).length === 0 && until());

const sendJobsOfEmail = (emailId: string) => sendJobsOf(env.db, [emailId]);

/**
 * The worker when the email falls due: its send job made due now (graphile-worker's reschedule_jobs), sending run
 * with the services' clock at the email's sendAt, until the email settles (or `until` answers something truthy).
 */
async function sendNow(emailId: string, until?: () => Promise<unknown>) {
  const jobs = await sendJobsOfEmail(emailId);
  expect(jobs).toHaveLength(1);
  const { sendAt } = await env.db.email.findUniqueOrThrow({ where: { id: emailId } });
  const clock = { now: () => new Date(Math.max(Date.now(), sendAt.getTime())) };
  await env.db
    .$queryRaw`SELECT count(*)::int AS n FROM graphile_worker.reschedule_jobs(${jobs.map((j) => j.id)}::bigint[], run_at := now())`;
  return runJobsUntil(
    { url: env.url, env: jobEnv, tasks: ['send-email'], clock },
    `email ${emailId} settled`,
    async () => {
      if (until) return until();
      const email = await env.db.email.findUniqueOrThrow({ where: { id: emailId } });
      return !['QUEUED', 'SENDING'].includes(email.status) && (await sendJobsOfEmail(emailId)).length === 0 && email;
    },
  );
}

/** A conversation where the client has already written once (inquiry sent), so the next messages follow the unread rules. */
async function started(t0: Date) {
  const c = await makeConversation(env.db);
  await deliver(
    messageSentEvent({
      conversationId: c.vendorConversationId,
      senderId: c.client.id,
      participants: [c.client.id, c.designer.id],
      text: 'First brief',
      at: addSeconds(t0, -1),
    }),
  );
  await stages.processUntil(c.vendorConversationId, 1);
  await stages.sendUntil(c.conversation!.id, 1);
  return c;
}

/** The vendor's time of a test's first message: now, to the millisecond. */
const nextT0 = () => new Date();

describe('processing message.sent', { timeout: 120_000 }, () => {
  it('stores the message and sends the designer an immediate new-inquiry email for a client’s first message; never emails the sender', async () => {
    const t0 = nextT0();
    const c = await makeConversation(env.db);
    const e = messageSentEvent({
      conversationId: c.vendorConversationId,
      senderId: c.client.id,
      participants: [c.client.id, c.designer.id],
      text: 'We need a logo by May',
      at: t0,
    });
    await deliver(e);
    await stages.processUntil(c.vendorConversationId, 1);
    await stages.sendUntil(c.conversation!.id, 1);

    const message = await env.db.message.findUniqueOrThrow({
      where: { vendor_vendorMessageId: { vendor: 'sandbox', vendorMessageId: e.data.message.id } },
    });
    expect(message).toMatchObject({
      conversationId: c.conversation!.id,
      senderId: c.client.id,
      text: 'We need a logo by May',
      source: 'WEBHOOK',
    });
    expect(await env.db.vendorEvent.findFirst({ where: { vendorEventId: e.id } })).toMatchObject({
      status: 'PROCESSED',
      attempts: 1,
    });

    const [inquiry] = mailsTo(c.designer.email);
    expect(inquiry!.subject).toBe(`New client inquiry from Chris Client: ${c.project.title}`);
    expect(inquiry!.content.map((part) => part.value).join()).toContain('We need a logo by May');
    const [email] = await emailsOf(c.designer.id);
    expect(email).toMatchObject({
      template: 'new-inquiry',
      status: 'SENT',
      conversationId: c.conversation!.id,
      idempotencyKey: `new-inquiry:${c.conversation!.id}`,
    });
    expect(email!.messages.map((m) => m.messageId)).toEqual([message.id]);
    expect(inquiry!.custom_args).toEqual({ email_id: email!.id });
    expect(await emailsOf(c.client.id)).toEqual([]);
    expect(mailsTo(c.client.email)).toEqual([]);
  });

  it('processes a conversation’s messages in the vendor’s order whichever job runs first: the first message is still the inquiry', async () => {
    const t0 = nextT0();
    const c = await makeConversation(env.db);
    const participants = [c.client.id, c.designer.id];
    const first = messageSentEvent({
      conversationId: c.vendorConversationId,
      senderId: c.client.id,
      participants,
      text: 'The brief',
      at: t0,
    });
    const second = messageSentEvent({
      conversationId: c.vendorConversationId,
      senderId: c.client.id,
      participants,
      text: 'And a PS',
      at: addSeconds(t0, 1),
    });
    await deliver(first);
    await deliver(second);
    const secondEvent = await env.db.vendorEvent.findFirstOrThrow({ where: { vendorEventId: second.id } });
    // The second message's job runs before the first's (another worker, say).
    expect(
      await processVendorEvent(
        extendContext(testContext({ db: env.db, log: silent, clock: addSeconds(t0, 2) }), {
          settings: messagingSettings,
        }),
        { eventId: secondEvent.id },
      ),
    ).toBe('processed');
    expect(await env.db.vendorEvent.findFirst({ where: { vendorEventId: first.id } })).toMatchObject({
      status: 'PROCESSED',
    });
    // Both jobs still run; each finds its event done and changes nothing.
    await processAll('both processing jobs run');
    expect(
      (await env.db.vendorEvent.findMany({ where: { vendorConversationId: c.vendorConversationId } })).map(
        (e) => e.status,
      ),
    ).toEqual(['PROCESSED', 'PROCESSED']);
    expect(await env.db.message.count({ where: { conversationId: c.conversation!.id } })).toBe(2);
    const inquiry = (await emailsOf(c.designer.id)).find((e) => e.template === 'new-inquiry')!;
    await sendNow(inquiry.id);
    const emails = await emailsOf(c.designer.id);
    expect(emails.map((e) => [e.template, e.status]).sort()).toEqual([
      ['new-inquiry', 'SENT'],
      ['unread-messages', 'QUEUED'],
    ]);
    expect(mailsTo(c.designer.email)[0]!.content[0]!.value).toContain('The brief');
  });

  it('sends an unread-messages email after the delay, not before, with one-click unsubscribe headers', async () => {
    const t0 = nextT0();
    const c = await started(t0);
    await deliver(
      messageSentEvent({
        conversationId: c.vendorConversationId,
        senderId: c.designer.id,
        participants: [c.client.id, c.designer.id],
        text: 'Here is a first sketch',
        at: t0,
      }),
    );
    await stages.processUntil(c.vendorConversationId, 2);
    // Not before the delay: the email and its send job are both due 300 s after the message (graphile-worker runs
    // no job before its run_at).
    const [queued] = await emailsOf(c.client.id);
    expect(queued).toMatchObject({ status: 'QUEUED', sendAt: addSeconds(t0, 300) });
    expect((await sendJobsOfEmail(queued!.id)).map((j) => j.run_at)).toEqual([addSeconds(t0, 300)]);
    expect(mailsTo(c.client.email)).toEqual([]);
    await sendNow(queued!.id);

    const [mail] = mailsTo(c.client.email);
    expect(mail!.subject).toBe(`New message from Dana Designer about ${c.project.title}`);
    expect(mail!.content.map((p) => p.value).join()).toContain('Here is a first sketch');
    expect(mail!.headers!['List-Unsubscribe']).toMatch(/^<http:\/\/app\.chatwatch\.test\/api\/unsubscribe\?token=.+>$/);
    expect(mail!.headers!['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(mail!.mail_settings).toBeUndefined();
    const [email] = await emailsOf(c.client.id);
    expect(email!.status).toBe('SENT');
    expect(email!.sendAt.toISOString()).toBe(addSeconds(t0, 300).toISOString());
    expect(email!.events.map((e) => e.type)).toEqual(['queued', 'sending', 'sent']);
  });

  it('cancels the unread email when the message is read before the delay', async () => {
    const t0 = nextT0();
    const c = await started(t0);
    const sent = messageSentEvent({
      conversationId: c.vendorConversationId,
      senderId: c.designer.id,
      participants: [c.client.id, c.designer.id],
      at: t0,
    });
    await deliver(sent);
    await stages.processUntil(c.vendorConversationId, 2);
    await deliver(
      messageReadEvent({
        conversationId: c.vendorConversationId,
        readerId: c.client.id,
        messageIds: [sent.data.message.id],
        at: addSeconds(t0, 60),
      }),
    );
    await stages.processUntil(c.vendorConversationId, 3);
    const [email] = await emailsOf(c.client.id);
    expect(email).toMatchObject({
      status: 'CANCELLED',
      statusReason: expect.stringMatching(/^read at .* before the email was due$/),
    });
    // Its send job still runs when due, and sends nothing.
    expect(await sendNow(email!.id)).toMatchObject({ status: 'CANCELLED' });
    expect(mailsTo(c.client.email)).toEqual([]);
  });

  it('coalesces a burst of messages into one email listing them all, oldest first', async () => {
    const t0 = nextT0();
    const c = await started(t0);
    const texts = ['One', 'Two', 'Three'];
    for (const [i, text] of texts.entries()) {
      await deliver(
        messageSentEvent({
          conversationId: c.vendorConversationId,
          senderId: c.designer.id,
          participants: [c.client.id, c.designer.id],
          text,
          at: addSeconds(t0, i * 20),
        }),
      );
      await stages.processUntil(c.vendorConversationId, i + 2);
    }
    const [email] = await emailsOf(c.client.id);
    expect(email!.messages).toHaveLength(3);
    expect(email!.events.map((e) => e.type)).toEqual(['queued', 'message-added', 'message-added']);
    await sendNow(email!.id);
    const mails = mailsTo(c.client.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe(`3 unread messages about ${c.project.title}`);
    const text = mails[0]!.content[0]!.value;
    expect(text.indexOf('One')).toBeLessThan(text.indexOf('Two'));
    expect(text.indexOf('Two')).toBeLessThan(text.indexOf('Three'));
    // A message after the email went starts a new one.
    await deliver(
      messageSentEvent({
        conversationId: c.vendorConversationId,
        senderId: c.designer.id,
        participants: [c.client.id, c.designer.id],
        text: 'Four',
        at: addSeconds(t0, 400),
      }),
    );
    await stages.processUntil(c.vendorConversationId, 5);
    expect((await emailsOf(c.client.id)).map((e) => [e.status, e.messages.length])).toEqual([
      ['SENT', 3],
      ['QUEUED', 1],
    ]);
  });

  it('lists only the messages still unread when some of a burst were read', async () => {
    const t0 = nextT0();
    const c = await started(t0);
    const a = messageSentEvent({
      conversationId: c.vendorConversationId,
      senderId: c.designer.id,
      participants: [c.client.id, c.designer.id],
      text: 'Alpha',
      at: t0,
    });
    const b = messageSentEvent({
      conversationId: c.vendorConversationId,
      senderId: c.designer.id,
      participants: [c.client.id, c.designer.id],
      text: 'Bravo',
      at: addSeconds(t0, 5),
    });
    await deliver(a);
    await deliver(b);
    await stages.processUntil(c.vendorConversationId, 3);
    await deliver(
      messageReadEvent({
        conversationId: c.vendorConversationId,
        readerId: c.client.id,
        messageIds: [a.data.message.id],
        at: addSeconds(t0, 30),
      }),
    );
    await stages.processUntil(c.vendorConversationId, 4);
    const [email] = await emailsOf(c.client.id);
    expect(await sendNow(email!.id)).toMatchObject({ status: 'SENT' });
    expect(mailsTo(c.client.email)).toHaveLength(1);
    const [mail] = mailsTo(c.client.email);
    expect(mail!.content[0]!.value).toContain('Bravo');
    expect(mail!.content[0]!.value).not.toContain('Alpha');
  });

  it('honours a message.read that is processed before its message.sent (out of order): no email', async () => {
    const t0 = nextT0();
    const c = await started(t0);
    const sent = messageSentEvent({
      conversationId: c.vendorConversationId,
      senderId: c.designer.id,
      participants: [c.client.id, c.designer.id],
      at: t0,
    });
    await deliver(
      messageReadEvent({
        conversationId: c.vendorConversationId,
        readerId: c.client.id,
        messageIds: [sent.data.message.id],
        at: addSeconds(t0, 2),
      }),
    );
    await stages.processUntil(c.vendorConversationId, 2);
    await deliver(sent);
    await stages.processUntil(c.vendorConversationId, 3);
    // Settled, and no email was ever queued for it.
    expect(await emailsOf(c.client.id)).toEqual([]);
    expect(mailsTo(c.client.email)).toEqual([]);
  });

  it('processes a message once whether it arrives by webhook, redelivery or reconciliation', async () => {
    const t0 = nextT0();
    const c = await started(t0);
    const sent = messageSentEvent({
      conversationId: c.vendorConversationId,
      senderId: c.designer.id,
      participants: [c.client.id, c.designer.id],
      at: t0,
    });
    await deliver(sent);
    await deliver(sent);
    // The monitor backfills the same message under its own event id.
    const [normalized] = await vendor.parseWebhook({
      rawBody: JSON.stringify(sent),
      headers: signedRequest(sent).headers,
    });
    await ingestVendorEvents(env.pool, {
      vendor: 'sandbox',
      events: [{ ...normalized!, eventId: `reconciled:${sent.data.message.id}` }],
      rawBody: null,
      receivedAt: t0,
      source: 'RECONCILED',
    });
    // The redelivery is the same event (one row); the reconciled copy is a second event for the same message.
    await stages.processUntil(c.vendorConversationId, 3);
    expect(await env.db.message.count({ where: { vendorMessageId: sent.data.message.id } })).toBe(1);
    const emails = await emailsOf(c.client.id);
    expect(emails).toHaveLength(1);
    await sendNow(emails[0]!.id);
    expect(mailsTo(c.client.email)).toHaveLength(1);
  });

  it('backfills a message whose webhook never came (reconciliation): processed once, emailed once, a late webhook changes nothing', async () => {
    const t0 = nextT0();
    const c = await started(t0);
    const lost = messageSentEvent({
      conversationId: c.vendorConversationId,
      senderId: c.designer.id,
      participants: [c.client.id, c.designer.id],
      text: 'Dropped by the vendor',
      at: t0,
    });
    const [normalized] = await vendor.parseWebhook({
      rawBody: JSON.stringify(lost),
      headers: signedRequest(lost).headers,
    });
    const message = (normalized as Extract<typeof normalized, { kind: 'message.sent' }>).message;
    expect(await findUnrecordedMessages(env.db, { vendor: 'sandbox', messages: [message] })).toEqual([message]);
    expect(
      await backfillMessages(env.pool, { vendor: 'sandbox', messages: [message], now: addSeconds(t0, 600) }),
    ).toEqual({ backfilled: [message.id] });
    expect(await backfillMessages(env.pool, { vendor: 'sandbox', messages: [message] })).toEqual({ backfilled: [] });
    expect(await findUnrecordedMessages(env.db, { vendor: 'sandbox', messages: [message] })).toEqual([]);
    await stages.processUntil(c.vendorConversationId, 2);
    expect(await env.db.message.findFirst({ where: { vendorMessageId: message.id } })).toMatchObject({
      source: 'RECONCILED',
    });
    const [email] = await emailsOf(c.client.id);
    expect(await sendNow(email!.id)).toMatchObject({ status: 'SENT' });
    await deliver(lost);
    await stages.processUntil(c.vendorConversationId, 3);
    expect(await env.db.message.count({ where: { vendorMessageId: message.id } })).toBe(1);
    expect(await emailsOf(c.client.id)).toHaveLength(1);
    expect(await sendJobsOfEmail(email!.id)).toEqual([]);
    expect(mailsTo(c.client.email)).toHaveLength(1);
  });

  it('sends nothing for a message replayed from the fallback composer (its text was emailed already)', async () => {
    const t0 = nextT0();
    const c = await started(t0);
    await deliver(
      messageSentEvent({
        conversationId: c.vendorConversationId,
        senderId: c.designer.id,
        participants: [c.client.id, c.designer.id],
        idempotencyKey: 'fallback:6f1c',
        at: t0,
      }),
    );
    await stages.processUntil(c.vendorConversationId, 2);
    expect(await env.db.message.count({ where: { idempotencyKey: 'fallback:6f1c' } })).toBe(1);
    expect(await emailsOf(c.client.id)).toEqual([]);
  });

  it('emails synthetic monitor users at once, in SendGrid sandbox_mode', async () => {
    const t0 = nextT0();
    const c = await makeConversation(env.db, { clientRole: 'SYNTHETIC', designerRole: 'SYNTHETIC' });
    const participants = [c.client.id, c.designer.id];
    await deliver(
      messageSentEvent({
        conversationId: c.vendorConversationId,
        senderId: c.client.id,
        participants,
        text: 'canary 1',
        at: t0,
      }),
    );
    await deliver(
      messageSentEvent({
        conversationId: c.vendorConversationId,
        senderId: c.designer.id,
        participants,
        text: 'canary 2',
        at: t0,
      }),
    );
    await stages.processUntil(c.vendorConversationId, 2);
    // Due at once: the sending stage settles both without any job being moved.
    await stages.sendUntil(c.conversation!.id, 2);
    const emails = [...(await emailsOf(c.designer.id)), ...(await emailsOf(c.client.id))];
    expect(emails.map((e) => [e.template, e.status, e.sandboxMode])).toEqual([
      ['new-inquiry', 'SENT', true],
      ['unread-messages', 'SENT', true],
    ]);
    for (const mail of [...mailsTo(c.designer.email), ...mailsTo(c.client.email)])
      expect(mail.mail_settings).toEqual({ sandbox_mode: { enable: true } });
  });
});

describe('digest mode', { timeout: 120_000 }, () => {
  it('holds an unread email to the digest hour (08:00) in the recipient’s zone, then sends it with every message', async () => {
    const t0 = nextT0();
    const c = await started(t0);
    await env.db.user.update({
      where: { id: c.client.id },
      data: { emailMode: 'DIGEST', timeZone: 'America/New_York' },
    });
    for (const [i, text] of ['Morning sketch', 'Evening sketch'].entries())
      await deliver(
        messageSentEvent({
          conversationId: c.vendorConversationId,
          senderId: c.designer.id,
          participants: [c.client.id, c.designer.id],
          text,
          at: addSeconds(t0, i * 10),
        }),
      );
    await stages.processUntil(c.vendorConversationId, 3);
    const [queued] = await emailsOf(c.client.id);
    expect(queued).toMatchObject({ status: 'QUEUED', sendAt: addSeconds(t0, 300) });

    // Due after the unread delay: the send job defers it to the next 08:00 in New York, with a job for then.
    type Email = Awaited<ReturnType<typeof emailsOf>>[number];
    const deferred = (await sendNow(queued!.id, async () => {
      const [email] = await emailsOf(c.client.id);
      return (
        email!.events.some((e) => e.type === 'deferred') && (await sendJobsOfEmail(email!.id)).length === 1 && email
      );
    })) as Email;
    const digestAt = deferred.sendAt;
    const local = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'America/New_York',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    }).format(digestAt);
    expect(local).toBe('08:00:00');
    expect(digestAt.getTime()).toBeGreaterThan(addSeconds(t0, 300).getTime());
    expect(digestAt.getTime() - addSeconds(t0, 300).getTime()).toBeLessThanOrEqual(25 * 3600_000);
    expect(deferred).toMatchObject({ status: 'QUEUED' });
    expect((await sendJobsOfEmail(queued!.id)).map((j) => j.run_at)).toEqual([digestAt]);
    expect(mailsTo(c.client.email)).toEqual([]);

    // At 08:00 New York time it goes out, once, with both messages.
    expect(await sendNow(queued!.id)).toMatchObject({ status: 'SENT' });
    const mails = mailsTo(c.client.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe(`2 unread messages about ${c.project.title}`);
    const text = mails[0]!.content[0]!.value;
    expect(text.indexOf('Morning sketch')).toBeGreaterThanOrEqual(0);
    expect(text.indexOf('Morning sketch')).toBeLessThan(text.indexOf('Evening sketch'));
  });
});

describe('events for a conversation we do not know yet', { timeout: 120_000 }, () => {
  it('are retried, kept as UNMATCHED (never dropped), and processed once the conversation exists', async () => {
    // Over 5 minutes ago, so its unread email is due at once when the conversation finally exists.
    const t0 = addSeconds(nextT0(), -6 * 60);
    const c = await makeConversation(env.db, { conversation: false });
    const sent = messageSentEvent({
      conversationId: c.vendorConversationId,
      senderId: c.designer.id,
      participants: [c.client.id, c.designer.id],
      at: t0,
    });
    await deliver(sent);
    // Asked again after 1 s and 2 s (UNMATCHED_RETRY_DELAYS_SECONDS=1,2) by graphile-worker's own rescheduled jobs.
    await stages.processUntil(c.vendorConversationId, 1, 'UNMATCHED');
    const event = await env.db.vendorEvent.findFirstOrThrow({ where: { vendorEventId: sent.id } });
    expect(event).toMatchObject({
      status: 'UNMATCHED',
      attempts: 3,
      lastError: expect.stringContaining(c.vendorConversationId),
    });

    // Issue 4 creates the conversation when the project page is first opened; the sweep picks the event up.
    await env.db.conversation.create({
      data: { projectId: c.project.id, vendor: 'sandbox', vendorConversationId: c.vendorConversationId },
    });
    // The sweep is queued 5 minutes out; made due now, it puts the event back into processing.
    const [sweep] = await jobRows(env.db, 'retry-unmatched-events');
    expect(sweep).toBeDefined();
    await env.db
      .$queryRaw`SELECT count(*)::int AS n FROM graphile_worker.reschedule_jobs(${[BigInt(sweep!.id)]}::bigint[], run_at := now())`;
    await runJobsUntil(
      { url: env.url, env: jobEnv, tasks: ['retry-unmatched-events', 'process-vendor-events'] },
      'the swept event processed',
      async () =>
        (await env.db.vendorEvent.count({ where: { vendorEventId: sent.id, status: 'PROCESSED' } })) === 1 &&
        (await jobRows(env.db, 'retry-unmatched-events')).length === 0,
    );
    await stages.sendUntil((await env.db.conversation.findFirstOrThrow({ where: { projectId: c.project.id } })).id, 1);
    expect(await env.db.vendorEvent.findFirstOrThrow({ where: { vendorEventId: sent.id } })).toMatchObject({
      status: 'PROCESSED',
    });
    expect(await env.db.message.count({ where: { vendorMessageId: sent.data.message.id } })).toBe(1);
    expect((await emailsOf(c.client.id)).map((e) => e.status)).toEqual(['SENT']);
  });
});
