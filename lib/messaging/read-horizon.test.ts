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
import type { NormalizedEvent, ReadHorizon } from '../chat-provider/types';
import { workerStages } from '../../test/support/worker-stages';
import { ingestVendorEvents } from './ingest-vendor-events';
import { receiveVendorWebhook } from './receive-vendor-webhook';

// "Read up to" (Stream last_read_message_id, Sendbird read_ts, Twilio's read horizon) applied by the real worker on a
// real PostgreSQL: a horizon marks read exactly the others' messages up to it, and the unread email follows.

let env: Awaited<ReturnType<typeof messagingDatabase>>;
let stages: ReturnType<typeof workerStages>;
const vendor = testVendor();

beforeAll(async () => {
  env = await messagingDatabase();
  const { stub } = await sendgridStub();
  stages = workerStages({ url: env.url, db: env.db, env: { SENDGRID_API_URL: stub.url } });
});

const deliver = (event: { id: string }) =>
  receiveVendorWebhook(signedRequest(event), { vendor, db: env.pool, log: silent });
const ingest = (events: NormalizedEvent[]) =>
  ingestVendorEvents(env.pool, { vendor: 'sandbox', events, rawBody: '{}', receivedAt: new Date(), source: 'WEBHOOK' });

let clock = Date.now() - 24 * 3600_000;
const nextT0 = () => new Date((clock += 3600_000));
let n = 0;

const horizonRead = (conversationId: string, readerId: string, upTo: ReadHorizon, at: Date): NormalizedEvent => ({
  eventId: `evt_read_${++n}_${at.getTime()}`,
  type: 'message.read',
  occurredAt: at,
  kind: 'message.read',
  conversationId,
  readerId,
  messageIds: [],
  readAt: at,
  upTo,
});

/** The client wrote first (inquiry), the designer then wrote `texts` a second apart from t0+10 s. */
async function conversationWith(t0: Date, texts: string[]) {
  const c = await makeConversation(env.db);
  const participants = [c.client.id, c.designer.id];
  const say = (senderId: string, text: string, at: Date) =>
    messageSentEvent({ conversationId: c.vendorConversationId, senderId, participants, text, at });
  await deliver(say(c.client.id, 'The brief', t0));
  const sent = texts.map((text, i) => say(c.designer.id, text, addSeconds(t0, 10 + i)));
  for (const e of sent) await deliver(e);
  await stages.processUntil(c.vendorConversationId, 1 + texts.length);
  return { ...c, ids: sent.map((e) => e.data.message.id) };
}

const readBy = async (readerId: string) =>
  (await env.db.messageRead.findMany({ where: { readerId } })).map((r) => r.vendorMessageId).sort();
const unreadEmails = async (toUserId: string) =>
  (await env.db.email.findMany({ where: { toUserId, template: 'unread-messages' } })).map((e) => e.status);

describe('read up to a message or a time', { timeout: 120_000 }, () => {
  it('marks read the others’ messages up to the horizon and no later; the unread email goes when all are read', async () => {
    const t0 = nextT0();
    const c = await conversationWith(t0, ['one', 'two', 'three']);
    const [one, two, three] = c.ids as [string, string, string];
    expect(await unreadEmails(c.client.id)).toEqual(['QUEUED']);

    await ingest([horizonRead(c.vendorConversationId, c.client.id, { messageId: two }, addSeconds(t0, 20))]);
    await stages.processUntil(c.vendorConversationId, 5);
    // Not the client's own inquiry, not "three" (after the horizon).
    expect(await readBy(c.client.id)).toEqual([one, two].sort());
    expect(await unreadEmails(c.client.id)).toEqual(['QUEUED']);

    await ingest([horizonRead(c.vendorConversationId, c.client.id, { at: addSeconds(t0, 12) }, addSeconds(t0, 30))]);
    await stages.processUntil(c.vendorConversationId, 6);
    expect(await readBy(c.client.id)).toEqual([one, two, three].sort());
    expect(await unreadEmails(c.client.id)).toEqual(['CANCELLED']);
  });

  it('covers a message processed in the same batch as the read', async () => {
    const t0 = nextT0();
    const c = await conversationWith(t0, []);
    const message = {
      id: `msg_batch_${t0.getTime()}`,
      conversationId: c.vendorConversationId,
      senderId: c.designer.id,
      text: 'Sketches attached',
      createdAt: addSeconds(t0, 10),
      idempotencyKey: null,
    };
    await ingest([
      {
        eventId: `evt_sent_${t0.getTime()}`,
        type: 'message.sent',
        occurredAt: message.createdAt,
        kind: 'message.sent',
        message,
      },
      horizonRead(c.vendorConversationId, c.client.id, { at: addSeconds(t0, 11) }, addSeconds(t0, 11)),
    ]);
    await stages.processUntil(c.vendorConversationId, 3);
    expect(await readBy(c.client.id)).toEqual([message.id]);
    expect(await unreadEmails(c.client.id)).not.toContain('QUEUED');
  });
});
