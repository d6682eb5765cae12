import type { Db } from '../db/client';
import type { NormalizedEvent, VendorMessage, VendorName } from '../chat-provider/types';
import { ingestVendorEvents, type PreparedExecutor } from './ingest-vendor-events';

/** The prefix of a reconciled event's id: the vendor never told us its own (we never got the webhook). */
export const RECONCILED_EVENT_PREFIX = 'reconciled:';

/**
 * Of these vendor messages, the ones we hold neither a Message row nor a message.sent event for (an event
 * received from a minute before the message was created counts: clocks differ a little). The event is matched on its
 * normalized kind: `vendor_event.type` is the vendor's own event name (Stream `message.new`, Twilio `onMessageAdded`).
 */
export async function findUnrecordedMessages(
  db: Db,
  input: { vendor: string; messages: VendorMessage[] },
): Promise<VendorMessage[]> {
  const { vendor, messages } = input;
  if (messages.length === 0) return [];
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT x.id FROM unnest(${messages.map((m) => m.id)}::text[], ${messages.map((m) => m.conversationId)}::text[], ${messages.map((m) => m.createdAt)}::timestamptz[]) AS x(id, conversation_id, created_at)
    WHERE NOT EXISTS (SELECT 1 FROM message m WHERE m.vendor = ${vendor} AND m."vendorMessageId" = x.id)
      AND NOT EXISTS (
        SELECT 1 FROM vendor_event e
        WHERE e.vendor = ${vendor} AND e."vendorConversationId" = x.conversation_id AND e."receivedAt" >= x.created_at - interval '1 minute'
          AND e.normalized ->> 'kind' = 'message.sent' AND e.normalized -> 'message' ->> 'id' = x.id)`;
  const missing = new Set(rows.map((r) => r.id));
  return messages.filter((m) => missing.has(m.id));
}

/**
 * Stores vendor messages that reconciliation found without a webhook as message.sent events (source
 * RECONCILED, id `reconciled:<message id>`) through the webhook ingestion statement, so the worker processes
 * them like webhooks and their emails still go out — once: a message is recorded once whichever event brings
 * it first, and a webhook arriving late changes nothing. Returns the ids of the messages newly stored.
 */
export async function backfillMessages(
  executor: PreparedExecutor,
  input: { vendor: VendorName; messages: VendorMessage[]; now?: Date },
): Promise<{ backfilled: string[] }> {
  const eventId = (message: VendorMessage) => `${RECONCILED_EVENT_PREFIX}${message.id}`;
  const events: NormalizedEvent[] = input.messages.map((message) => ({
    kind: 'message.sent',
    eventId: eventId(message),
    type: 'message.sent',
    occurredAt: message.createdAt,
    message,
  }));
  const { accepted } = await ingestVendorEvents(executor, {
    vendor: input.vendor,
    events,
    rawBody: null,
    receivedAt: input.now ?? new Date(),
    source: 'RECONCILED',
  });
  return { backfilled: input.messages.filter((m) => accepted.has(eventId(m))).map((m) => m.id) };
}
