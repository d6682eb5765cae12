import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeConversation, messagingDatabase } from '../../test/support/messaging';
import type { NormalizedEvent, VendorMessage, VendorName } from '../chat-provider/types';
import { canaryPipelineState, canaryWebhookArrived } from '../../monitor/checks/chat-journey/canary-queries';
import { getConversationTrace } from '../support/get-conversation-trace';
import { findUnrecordedMessages } from './backfill-messages';
import { ingestVendorEvents } from './ingest-vendor-events';

// `vendor_event.type` is the vendor's own name for an event; only TalkJS and the sandbox call a new message
// "message.sent". Every reader that asks "did the webhook of this message arrive?" must ask the normalized kind.
// Asking `type` made the monitor's journey wait for a webhook that had arrived (a `webhooks` incident blaming the
// vendor), and reconciliation count every delivered message as missing, for Stream, Sendbird and Twilio (e2e, 30 Nov).

/** Each vendor's own event name for a new message (their webhook docs; the adapters' schema maps). */
const NEW_MESSAGE_TYPE: Record<Exclude<VendorName, 'sandbox' | 'talkjs'>, string> = {
  stream: 'message.new',
  sendbird: 'group_channel:message_send',
  twilio: 'onMessageAdded',
};

let env: Awaited<ReturnType<typeof messagingDatabase>>;

beforeAll(async () => {
  env = await messagingDatabase();
});

describe.each(Object.entries(NEW_MESSAGE_TYPE) as [VendorName, string][])(
  'a %s webhook of a new message (type %s)',
  (vendor, type) => {
    it('is found by the canary wait, reconciliation and the support trace', async () => {
      const since = new Date(Date.now() - 60_000);
      const c = await makeConversation(env.db);
      await env.db.conversation.update({ where: { id: c.conversation!.id }, data: { vendor } });
      const message: VendorMessage = {
        id: `m_${randomUUID()}`,
        conversationId: c.vendorConversationId,
        senderId: c.client.id,
        text: 'ChatWatch canary',
        createdAt: new Date(),
        idempotencyKey: null,
      };
      const event: NormalizedEvent = {
        kind: 'message.sent',
        eventId: `evt_${randomUUID()}`,
        type,
        occurredAt: message.createdAt,
        message,
      };
      const { accepted } = await ingestVendorEvents(env.pool, {
        vendor,
        events: [event],
        rawBody: '{}',
        receivedAt: new Date(),
        source: 'WEBHOOK',
      });
      expect(accepted.has(event.eventId)).toBe(true);

      expect(await canaryWebhookArrived(env.db, vendor, message.id, since)).toBe(true);
      expect(await canaryPipelineState(env.db, vendor, message.id, since)).toMatchObject({
        event: { status: 'RECEIVED' },
      });
      expect(await findUnrecordedMessages(env.db, { vendor, messages: [message] })).toEqual([]);

      // The message as the worker records it: the trace links it to the webhook that brought it.
      await env.db.message.create({
        data: {
          vendor,
          vendorMessageId: message.id,
          conversationId: c.conversation!.id,
          senderId: message.senderId,
          text: message.text,
          sentAt: message.createdAt,
          source: 'WEBHOOK',
          vendorEventId: event.eventId,
        },
      });
      const trace = await getConversationTrace({ ctx: { db: env.db }, input: { id: c.vendorConversationId } });
      expect(trace.events).toEqual([expect.objectContaining({ type, kind: 'message.sent', messageIds: [message.id] })]);
      expect(trace.messages).toEqual([
        expect.objectContaining({ vendorMessageId: message.id, receivedAt: expect.any(Date) as unknown }),
      ]);
    });
  },
);
