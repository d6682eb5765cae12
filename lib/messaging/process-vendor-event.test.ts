import { beforeAll, describe, expect, it } from 'vitest';
import {
  addSeconds,
  drainJobs,
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
import { extendContext } from '../context';
import type { EmailTransport } from '../email/transport';
import { backfillMessages, findUnrecordedMessages } from './backfill-messages';
import { ingestVendorEvents } from './ingest-vendor-events';
import { processVendorEvent } from './process-vendor-event';
import { receiveVendorWebhook } from './receive-vendor-webhook';

// Webhook → worker → email rules, on a real PostgreSQL, with a SendGrid stub and a virtual clock (drainJobs runs
// due jobs through the same services as the worker). Delay: 300 s (messagingSettings).

let env: Awaited<ReturnType<typeof messagingDatabase>>;
let stub: HttpStub;
let transport: EmailTransport;
const vendor = testVendor();

beforeAll(async () => {
  env = await messagingDatabase();
  ({ stub, transport } = await sendgridStub());
});

const deliver = (event: { id: string }) =>
  receiveVendorWebhook(signedRequest(event), { vendor, db: env.pool, log: silent });
const drain = (now: Date, delays?: number[]) =>
  drainJobs({ db: env.db, transport, now, unmatchedRetryDelaysMs: delays });
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

/** A conversation where the client has already written once, so the next messages follow the unread rules. */
async function started(t0: Date) {
  const c = await makeConversation(env.db);
  await deliver(
    messageSentEvent({
      conversationId: c.vendorConversationId,
      senderId: c.client.id,
      participants: [c.client.id, c.designer.id],
      text: 'First brief',
      at: t0,
    }),
  );
  await drain(t0);
  return c;
}

let clock = new Date('2031-03-01T10:00:00Z').getTime();
/** A fresh virtual time for each test, far from the others. */
const nextT0 = () => new Date((clock += 24 * 3600_000));

describe('processing message.sent', () => {
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
    expect(await drain(t0)).toEqual(['event:processed', 'email:sent']);

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
    expect(await drain(addSeconds(t0, 2))).toEqual(['event:already-done', 'event:already-done', 'email:sent']);
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
    expect(await drain(addSeconds(t0, 1))).toEqual(['event:processed']);
    expect(await drain(addSeconds(t0, 299))).toEqual([]);
    expect(mailsTo(c.client.email)).toEqual([]);
    expect(await drain(addSeconds(t0, 300))).toEqual(['email:sent']);

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
    await drain(addSeconds(t0, 1));
    await deliver(
      messageReadEvent({
        conversationId: c.vendorConversationId,
        readerId: c.client.id,
        messageIds: [sent.data.message.id],
        at: addSeconds(t0, 60),
      }),
    );
    expect(await drain(addSeconds(t0, 60))).toEqual(['event:processed']);
    const [email] = await emailsOf(c.client.id);
    expect(email).toMatchObject({
      status: 'CANCELLED',
      statusReason: expect.stringMatching(/^read at .* before the email was due$/),
    });
    expect(await drain(addSeconds(t0, 400))).toEqual(['email:skipped']);
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
      await drain(addSeconds(t0, i * 20 + 1));
    }
    const [email] = await emailsOf(c.client.id);
    expect(email!.messages).toHaveLength(3);
    expect(email!.events.map((e) => e.type)).toEqual(['queued', 'message-added', 'message-added']);
    await drain(addSeconds(t0, 300));
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
    await drain(addSeconds(t0, 401));
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
    await drain(addSeconds(t0, 6));
    await deliver(
      messageReadEvent({
        conversationId: c.vendorConversationId,
        readerId: c.client.id,
        messageIds: [a.data.message.id],
        at: addSeconds(t0, 30),
      }),
    );
    await drain(addSeconds(t0, 300));
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
    expect(await drain(addSeconds(t0, 2))).toEqual(['event:processed']);
    await deliver(sent);
    expect(await drain(addSeconds(t0, 3))).toEqual(['event:processed']);
    await drain(addSeconds(t0, 600));
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
    expect(await drain(addSeconds(t0, 1))).toEqual(['event:processed', 'event:processed']);
    expect(await env.db.message.count({ where: { vendorMessageId: sent.data.message.id } })).toBe(1);
    await drain(addSeconds(t0, 301));
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
    expect(await drain(addSeconds(t0, 600))).toEqual(['event:processed', 'email:sent']);
    expect(await env.db.message.findFirst({ where: { vendorMessageId: message.id } })).toMatchObject({
      source: 'RECONCILED',
    });
    await deliver(lost);
    expect(await drain(addSeconds(t0, 700))).toEqual(['event:processed']);
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
    await drain(addSeconds(t0, 600));
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
    await drain(t0);
    const emails = [...(await emailsOf(c.designer.id)), ...(await emailsOf(c.client.id))];
    expect(emails.map((e) => [e.template, e.status, e.sandboxMode])).toEqual([
      ['new-inquiry', 'SENT', true],
      ['unread-messages', 'SENT', true],
    ]);
    for (const mail of [...mailsTo(c.designer.email), ...mailsTo(c.client.email)])
      expect(mail.mail_settings).toEqual({ sandbox_mode: { enable: true } });
  });
});

describe('events for a conversation we do not know yet', () => {
  it('are retried, kept as UNMATCHED (never dropped), and processed once the conversation exists', async () => {
    const t0 = nextT0();
    const c = await makeConversation(env.db, { conversation: false });
    const sent = messageSentEvent({
      conversationId: c.vendorConversationId,
      senderId: c.designer.id,
      participants: [c.client.id, c.designer.id],
      at: t0,
    });
    await deliver(sent);
    expect(await drain(t0, [1000, 2000])).toEqual(['event:unmatched-retry']);
    expect(await drain(addSeconds(t0, 1), [1000, 2000])).toEqual(['event:unmatched-retry']);
    expect(await drain(addSeconds(t0, 3), [1000, 2000])).toEqual(['event:unmatched']);
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
    // The message is over 5 minutes old by now, so its unread email is due at once.
    expect(await drain(addSeconds(t0, 5 * 60 + 3))).toEqual(['sweep:1', 'event:processed', 'email:sent']);
    expect(await env.db.vendorEvent.findFirstOrThrow({ where: { vendorEventId: sent.id } })).toMatchObject({
      status: 'PROCESSED',
    });
    expect(await env.db.message.count({ where: { vendorMessageId: sent.data.message.id } })).toBe(1);
    expect((await emailsOf(c.client.id)).map((e) => e.status)).toEqual(['SENT']);
  });
});
