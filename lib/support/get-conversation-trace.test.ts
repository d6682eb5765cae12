import { beforeAll, describe, expect, it } from 'vitest';
import {
  addSeconds,
  makeConversation,
  messageReadEvent,
  messageSentEvent,
  messagingDatabase,
  sendgridStub,
  signedRequest,
  silent,
  testVendor,
} from '../../test/support/messaging';
import { workerStages } from '../../test/support/worker-stages';
import { applySendgridEvents } from '../email/events/apply-sendgrid-events';
import { NotFoundError } from '../errors';
import { receiveVendorWebhook } from '../messaging/receive-vendor-webhook';
import { getConversationTrace } from './get-conversation-trace';
import { searchConversations } from './search-conversations';

// Webhooks through our route's service, the real worker (one stage at a time: processing, then sending) and
// SendGrid's events; the trace must tell support what happened to each message.

let env: Awaited<ReturnType<typeof messagingDatabase>>;
let processUntil: ReturnType<typeof workerStages>['processUntil'];
let sendUntil: ReturnType<typeof workerStages>['sendUntil'];
const vendor = testVendor();

beforeAll(async () => {
  env = await messagingDatabase();
  const { stub } = await sendgridStub();
  // An event of an unknown conversation is retried once at once, then kept UNMATCHED.
  const jobEnv = { SENDGRID_API_URL: stub.url, UNMATCHED_RETRY_DELAYS_SECONDS: '0' };
  ({ processUntil, sendUntil } = workerStages({ url: env.url, db: env.db, env: jobEnv }));
});

const deliver = (event: { id: string }) =>
  receiveVendorWebhook(signedRequest(event), { vendor, db: env.pool, log: silent });
const ctx = () => ({ db: env.db });

/** The current time's whole seconds (SendGrid's event timestamps), `plus` seconds on. */
const sendgridSeconds = (plus = 0) => Math.ceil(Date.now() / 1000) + plus;

/** Minutes after local midnight in `timeZone`, now. */
function localMinutesNow(timeZone: string): number {
  const [h, m] = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .format(new Date())
    .split(':')
    .map(Number);
  return h! * 60 + m!;
}
const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

// Several worker stages per test: bounded generously, as a busy machine slows each stage.
describe('conversation trace for support', { timeout: 120_000 }, () => {
  it('shows each message with its webhook, reads and emails, and each email’s steps through delivery', async () => {
    // Vendor times a few minutes ago, so every email is due now. The client's quiet hours (Paris, 9 h) start
    // three hours from now: shown in the trace, and not holding the email back whenever this runs.
    const t0 = new Date(Date.now() - 10 * 60_000);
    const quietStartMin = (localMinutesNow('Europe/Paris') + 180) % 1440;
    const quietEndMin = (quietStartMin + 540) % 1440;
    const c = await makeConversation(env.db);
    await env.db.user.update({
      where: { id: c.client.id },
      data: { quietStartMin, quietEndMin, timeZone: 'Europe/Paris' },
    });
    await env.db.emailOptOut.create({ data: { userId: c.designer.id, purpose: 'unread-messages' } });
    const participants = [c.client.id, c.designer.id];
    const first = messageSentEvent({
      conversationId: c.vendorConversationId,
      senderId: c.client.id,
      participants,
      text: 'Hello, we need a logo',
      at: t0,
    });
    const reply = messageSentEvent({
      conversationId: c.vendorConversationId,
      senderId: c.designer.id,
      participants,
      text: 'Happy to help',
      at: addSeconds(t0, 60),
    });
    const ignored = messageSentEvent({
      conversationId: c.vendorConversationId,
      senderId: c.designer.id,
      participants,
      text: 'Read soon',
      at: addSeconds(t0, 90),
    });
    for (const e of [first, reply, ignored]) await deliver(e);
    await processUntil(c.vendorConversationId, 3);
    await deliver(
      messageReadEvent({
        conversationId: c.vendorConversationId,
        readerId: c.client.id,
        messageIds: [ignored.data.message.id],
        at: addSeconds(t0, 120),
      }),
    );
    await processUntil(c.vendorConversationId, 4);
    await sendUntil(c.conversation!.id, 2);
    const inquiry = await env.db.email.findFirstOrThrow({ where: { toUserId: c.designer.id } });
    await applySendgridEvents(env.db, [
      {
        event: 'processed',
        sg_event_id: `p-${inquiry.id}`,
        timestamp: sendgridSeconds(),
        email_id: inquiry.id,
      },
      {
        event: 'delivered',
        sg_event_id: `d-${inquiry.id}`,
        timestamp: sendgridSeconds(1),
        email_id: inquiry.id,
        response: '250 OK',
      },
    ]);

    const trace = await getConversationTrace({ ctx: ctx(), input: { id: c.vendorConversationId } });
    expect(trace).toMatchObject({
      vendorConversationId: c.vendorConversationId,
      conversationId: c.conversation!.id,
      project: { id: c.project.id, title: c.project.title },
      truncated: false,
    });
    expect(trace.participants.find((p) => p.side === 'client')).toMatchObject({
      quietHours: `${hhmm(quietStartMin)}–${hhmm(quietEndMin)}`,
      timeZone: 'Europe/Paris',
      optOuts: [],
    });
    expect(trace.participants.find((p) => p.side === 'designer')).toMatchObject({
      optOuts: [expect.stringMatching(/^opted out of unread-messages emails: unsubscribe link on \d{4}-/)],
    });
    expect(trace.events.map((e) => [e.type, e.status])).toEqual([
      ['message.sent', 'PROCESSED'],
      ['message.sent', 'PROCESSED'],
      ['message.sent', 'PROCESSED'],
      ['message.read', 'PROCESSED'],
    ]);

    const [m1, m2, m3] = trace.messages;
    expect(m1).toMatchObject({
      text: 'Hello, we need a logo',
      senderName: 'Chris Client',
      source: 'WEBHOOK',
      receivedAt: expect.any(Date),
    });
    expect(m1!.emails).toEqual([
      expect.objectContaining({ template: 'new-inquiry', toName: 'Dana Designer', status: 'DELIVERED' }),
    ]);
    // The reply and the read message share one coalesced email to the client; only the unread one was listed.
    expect(m2!.emails).toEqual([
      expect.objectContaining({ template: 'unread-messages', toName: 'Chris Client', status: 'SENT' }),
    ]);
    expect(m3!.reads).toEqual([{ readerId: c.client.id, readAt: addSeconds(t0, 120) }]);

    const delivered = trace.emails.find((e) => e.id === inquiry.id)!;
    expect(delivered.steps.map((s) => `${s.source}:${s.type}`)).toEqual([
      'app:queued',
      'app:sending',
      'app:sent',
      'sendgrid:processed',
      'sendgrid:delivered',
    ]);
    expect(delivered.outcome).toBe('delivered');
    expect(trace.timeline).toContainEqual(
      expect.objectContaining({
        kind: 'email',
        title: expect.stringContaining('unread-messages to Chris Client: sent'),
        tone: 'good',
      }),
    );
    // One order by the time each thing happened (SendGrid's clock has whole seconds).
    const seconds = trace.timeline.map((i) => Math.floor(i.at.getTime() / 1000));
    expect(seconds).toEqual([...seconds].sort((a, b) => a - b));
  });

  it('shows an email’s final status and reason: a bounce after delivery, and a spam report’s opt-out', async () => {
    const t0 = new Date(Date.now() - 60_000);
    const c = await makeConversation(env.db);
    const participants = [c.client.id, c.designer.id];
    await deliver(
      messageSentEvent({
        conversationId: c.vendorConversationId,
        senderId: c.client.id,
        participants,
        text: 'Hello',
        at: t0,
      }),
    );
    await processUntil(c.vendorConversationId, 1);
    await sendUntil(c.conversation!.id, 1);
    const inquiry = await env.db.email.findFirstOrThrow({ where: { toUserId: c.designer.id } });
    const at = sendgridSeconds() - 101;
    const day = new Date((at + 150) * 1000).toISOString().slice(0, 10);
    await applySendgridEvents(env.db, [
      {
        event: 'delivered',
        sg_event_id: `d-${inquiry.id}`,
        timestamp: at + 101,
        email_id: inquiry.id,
        response: '250 OK',
      },
      { event: 'spamreport', sg_event_id: `s-${inquiry.id}`, timestamp: at + 150, email_id: inquiry.id },
      {
        event: 'bounce',
        type: 'bounce',
        status: '5.1.1',
        reason: '550 5.1.1 no such user',
        sg_event_id: `b-${inquiry.id}`,
        timestamp: at + 200,
        email_id: inquiry.id,
      },
    ]);
    const trace = await getConversationTrace({ ctx: ctx(), input: { id: c.vendorConversationId } });
    const email = trace.emails.find((e) => e.id === inquiry.id)!;
    expect(email).toMatchObject({ status: 'BOUNCED', outcome: 'bounced: 550 5.1.1 no such user · status 5.1.1' });
    expect(trace.messages[0]!.emails).toEqual([
      expect.objectContaining({ outcome: 'bounced: 550 5.1.1 no such user · status 5.1.1' }),
    ]);
    expect(email.steps.find((s) => s.type === 'opted-out')?.detail).toBe(
      `recipient opted out of all notification emails: spam report (SendGrid) on ${day}`,
    );
    expect(trace.participants.find((p) => p.side === 'designer')!.optOuts).toEqual([
      `opted out of all notification emails: spam report (SendGrid) on ${day}`,
    ]);
  });

  it('shows webhooks for a conversation the app has not opened yet, with the reason they wait', async () => {
    const c = await makeConversation(env.db, { conversation: false });
    await deliver(
      messageSentEvent({
        conversationId: c.vendorConversationId,
        senderId: c.client.id,
        participants: [c.client.id, c.designer.id],
      }),
    );
    await processUntil(c.vendorConversationId, 1, 'UNMATCHED');
    const trace = await getConversationTrace({ ctx: ctx(), input: { id: c.vendorConversationId } });
    expect(trace.conversationId).toBeNull();
    expect(trace.events).toEqual([
      expect.objectContaining({ status: 'UNMATCHED', lastError: expect.stringContaining('no sandbox conversation') }),
    ]);
    expect(trace.timeline).toEqual([expect.objectContaining({ kind: 'vendor-event', tone: 'bad' })]);
  });

  it('finds conversations by a participant’s name or email, an id or the title; an unknown id is not found', async () => {
    const c = await makeConversation(env.db);
    for (const query of [
      c.client.email.toUpperCase(),
      c.designer.email.split('@')[0]! + '@',
      c.project.id,
      c.conversation!.id,
      c.project.title.slice(0, 8),
      c.designer.name.toLowerCase(),
      c.client.name.split(' ')[0]!,
    ]) {
      const hits = await searchConversations({ ctx: ctx(), input: { query } });
      expect(
        hits.map((h) => h.id),
        query,
      ).toContain(c.project.id);
    }
    await expect(
      getConversationTrace({ ctx: ctx(), input: { id: '00000000-0000-4000-8000-000000000000' } }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});
