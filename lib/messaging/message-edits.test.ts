import { beforeAll, describe, expect, it } from 'vitest';
import {
  addSeconds,
  makeConversation,
  messageSentEvent,
  messagingDatabase,
  sendgridStub,
  signedRequest,
  silent,
  testVendor,
} from '../../test/support/messaging';
import type { HttpStub } from '../../test/support/http-stub';
import type { NormalizedEvent } from '../chat-provider/types';
import { workerStages } from '../../test/support/worker-stages';
import { getConversationTrace } from '../support/get-conversation-trace';
import { ingestVendorEvents } from './ingest-vendor-events';
import { receiveVendorWebhook } from './receive-vendor-webhook';

// Edits and deletions (TalkJS's message.updated, message.deleted, conversation.deleted, normalized by
// lib/chat-provider/talkjs-schemas.ts) applied by the real worker on a real PostgreSQL, one stage at a time
// (processing, then sending): the unread email shows the edited text, never a deleted message, and is cancelled
// when nothing is left in it; the trace follows. Vendor times are in the past, so every email is due when the
// sending stage runs.

let env: Awaited<ReturnType<typeof messagingDatabase>>;
let stub: HttpStub;
let stages: ReturnType<typeof workerStages>;
const vendor = testVendor();

beforeAll(async () => {
  env = await messagingDatabase();
  ({ stub } = await sendgridStub());
  // A deletion whose message has not arrived is retried each second, five times, before it is kept UNMATCHED.
  const jobEnv = { SENDGRID_API_URL: stub.url, UNMATCHED_RETRY_DELAYS_SECONDS: '1,1,1,1,1' };
  stages = workerStages({ url: env.url, db: env.db, env: jobEnv });
});

const deliver = (event: { id: string }) =>
  receiveVendorWebhook(signedRequest(event), { vendor, db: env.pool, log: silent });
const ingest = (event: NormalizedEvent) =>
  ingestVendorEvents(env.pool, {
    vendor: 'sandbox',
    events: [event],
    rawBody: '{}',
    receivedAt: new Date(),
    source: 'WEBHOOK',
  });
const mailsTo = (address: string) =>
  stub.requests
    .map((r) => JSON.parse(r.body) as { personalizations: { to: { email: string }[] }[]; content: { value: string }[] })
    .filter((m) => m.personalizations[0]!.to[0]!.email === address);

let clock = Date.now() - 24 * 3600_000;
/** A vendor time in the past for each test, an hour apart. */
const nextT0 = () => new Date((clock += 3600_000));

/** A conversation where the client wrote first (inquiry sent) and the designer then wrote `texts`: one unread email queued to the client. */
async function withUnread(t0: Date, texts: string[]) {
  const c = await makeConversation(env.db);
  const participants = [c.client.id, c.designer.id];
  await deliver(
    messageSentEvent({
      conversationId: c.vendorConversationId,
      senderId: c.client.id,
      participants,
      text: 'The brief',
      at: t0,
    }),
  );
  await stages.processUntil(c.vendorConversationId, 1);
  const sent = texts.map((text, i) =>
    messageSentEvent({
      conversationId: c.vendorConversationId,
      senderId: c.designer.id,
      participants,
      text,
      at: addSeconds(t0, 10 + i),
    }),
  );
  for (const e of sent) await deliver(e);
  await stages.processUntil(c.vendorConversationId, 1 + texts.length);
  return { ...c, ids: sent.map((e) => e.data.message.id) };
}

const base = (kind: string, at: Date) => ({
  eventId: `evt_${kind}_${at.getTime()}_${Math.random()}`,
  type: kind,
  occurredAt: at,
});

// Several worker stages per test: bounded generously, as a busy machine slows each stage.
describe('edits and deletions', { timeout: 120_000 }, () => {
  it('emails the edited text and leaves a deleted message out; the trace shows both', async () => {
    const t0 = nextT0();
    const c = await withUnread(t0, ['Sketch A is ready', 'Ignore this, wrong client']);
    const [a, b] = c.ids as [string, string];
    await ingest({
      ...base('message.updated', addSeconds(t0, 30)),
      kind: 'message.updated',
      message: {
        id: a,
        conversationId: c.vendorConversationId,
        senderId: c.designer.id,
        text: 'Sketch A v2 is ready',
        createdAt: addSeconds(t0, 10),
        idempotencyKey: null,
      },
    });
    await ingest({
      ...base('message.deleted', addSeconds(t0, 40)),
      kind: 'message.deleted',
      conversationId: c.vendorConversationId,
      messageId: b,
    });
    await stages.processUntil(c.vendorConversationId, 5);
    const emails = await stages.sendUntil(c.conversation!.id, 2);
    expect(emails.map((e) => [e.template, e.status])).toEqual([
      ['new-inquiry', 'SENT'],
      ['unread-messages', 'SENT'],
    ]);

    const body = mailsTo(c.client.email)
      .map((m) => m.content.map((p) => p.value).join())
      .join();
    expect(body).toContain('Sketch A v2 is ready');
    expect(body).not.toContain('Sketch A is ready');
    expect(body).not.toContain('wrong client');

    const trace = await getConversationTrace({ ctx: { db: env.db }, input: { id: c.vendorConversationId } });
    const byId = new Map(trace.messages.map((m) => [m.vendorMessageId, m]));
    expect(byId.get(a)).toMatchObject({ text: 'Sketch A v2 is ready', editedAt: addSeconds(t0, 30), deletedAt: null });
    expect(byId.get(b)).toMatchObject({ deletedAt: addSeconds(t0, 40) });
    expect(trace.events.filter((e) => e.type === 'message.deleted').map((e) => e.messageIds)).toEqual([[b]]);
  });

  it('cancels the unread email when every message in it is deleted, and ignores an older edit after a newer one', async () => {
    const t0 = nextT0();
    const c = await withUnread(t0, ['Oops']);
    const [a] = c.ids as [string];
    const edit = (text: string, at: Date): NormalizedEvent => ({
      ...base('message.updated', at),
      kind: 'message.updated',
      message: {
        id: a,
        conversationId: c.vendorConversationId,
        senderId: c.designer.id,
        text,
        createdAt: addSeconds(t0, 10),
        idempotencyKey: null,
      },
    });
    await ingest(edit('newer', addSeconds(t0, 50)));
    await ingest(edit('older', addSeconds(t0, 40)));
    await stages.processUntil(c.vendorConversationId, 4);
    expect((await env.db.message.findFirstOrThrow({ where: { vendorMessageId: a } })).text).toBe('newer');

    await ingest({
      ...base('message.deleted', addSeconds(t0, 60)),
      kind: 'message.deleted',
      conversationId: c.vendorConversationId,
      messageId: a,
    });
    await stages.processUntil(c.vendorConversationId, 5);
    const emails = await env.db.email.findMany({ where: { toUserId: c.client.id } });
    expect(emails.map((e) => [e.template, e.status])).toEqual([['unread-messages', 'CANCELLED']]);
    expect(emails[0]!.statusReason).toMatch(/deleted/);
    // Every send job has run (the inquiry went to the designer); the client got nothing.
    await stages.sendUntil(c.conversation!.id, 2);
    expect(mailsTo(c.designer.email)).toHaveLength(1);
    expect(mailsTo(c.client.email)).toEqual([]);
  });

  it('conversation.deleted marks every message deleted and cancels its pending emails', async () => {
    const t0 = nextT0();
    const c = await withUnread(t0, ['one', 'two']);
    await ingest({
      ...base('conversation.deleted', addSeconds(t0, 30)),
      kind: 'conversation.deleted',
      conversationId: c.vendorConversationId,
    });
    await stages.processUntil(c.vendorConversationId, 4);
    const messages = await env.db.message.findMany({ where: { conversationId: c.conversation!.id } });
    expect(messages).toHaveLength(3);
    expect(messages.every((m) => m.deletedAt?.getTime() === addSeconds(t0, 30).getTime())).toBe(true);
    expect((await env.db.email.findMany({ where: { toUserId: c.client.id } })).map((e) => e.status)).toEqual([
      'CANCELLED',
    ]);
  });

  it('waits for a message.sent that has not arrived yet before applying its deletion (kept, retried, then applied)', async () => {
    const t0 = nextT0();
    const c = await makeConversation(env.db);
    const participants = [c.client.id, c.designer.id];
    const later = messageSentEvent({
      conversationId: c.vendorConversationId,
      senderId: c.client.id,
      participants,
      text: 'sent then deleted',
      at: t0,
    });
    await ingest({
      ...base('message.deleted', addSeconds(t0, 5)),
      kind: 'message.deleted',
      conversationId: c.vendorConversationId,
      messageId: later.data.message.id,
    });
    // First try: the message is not there, so the deletion is kept and retried (RECEIVED, a retry job queued).
    const postponed = await stages.process('the deletion postponed', () =>
      env.db.vendorEvent.findFirst({ where: { vendorConversationId: c.vendorConversationId, attempts: 1 } }),
    );
    expect(postponed).toMatchObject({ status: 'RECEIVED', lastError: expect.stringMatching(/retrying in 1 s$/) });
    await deliver(later);
    await stages.processUntil(c.vendorConversationId, 2);
    const message = await env.db.message.findFirstOrThrow({ where: { vendorMessageId: later.data.message.id } });
    expect(message.deletedAt).toEqual(addSeconds(t0, 5));
  });
});
