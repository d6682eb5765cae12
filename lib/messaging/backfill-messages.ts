import type { VendorMessage, VendorName } from '../chat-provider/types';
import { ingestVendorEvents, type PreparedExecutor } from './ingest-vendor-events';

/** The event id a reconciled message is stored under: stable, so backfilling the same message twice stores it once. */
export const reconciledEventId = (messageId: string) => `reconciled:message.sent:${messageId}`;

/**
 * Stores vendor messages that reconciliation found without a webhook as message.sent events (source
 * RECONCILED) and queues them through the same processing as webhooks, so their emails still go out — once:
 * a message is recorded once whichever event brings it first, and a webhook arriving late changes nothing.
 */
export async function backfillMessages(executor: PreparedExecutor, input: { vendor: VendorName; messages: VendorMessage[]; now?: Date }): Promise<{ backfilled: string[] }> {
  const events = input.messages.map((message) => ({ eventId: reconciledEventId(message.id), type: 'message.sent', occurredAt: message.createdAt, kind: 'message.sent' as const, message }));
  const { accepted } = await ingestVendorEvents(executor, { vendor: input.vendor, events, rawBody: null, receivedAt: input.now ?? new Date(), source: 'RECONCILED' });
  return { backfilled: input.messages.filter((m) => accepted.has(reconciledEventId(m.id))).map((m) => m.id) };
}

/** Of these vendor message ids, the ones we have no record of: no Message row and no message.sent event still waiting to be processed. */
export async function findUnrecordedMessages(executor: PreparedExecutor, input: { vendor: VendorName; messageIds: string[] }): Promise<string[]> {
  if (input.messageIds.length === 0) return [];
  const { rows } = await executor.query<{ id: string }>({
    name: 'chatwatch_find_unrecorded_messages',
    text: `SELECT t.wanted AS id FROM unnest($2::text[]) AS t(wanted)
           WHERE NOT EXISTS (SELECT 1 FROM message m WHERE m.vendor = $1 AND m."vendorMessageId" = t.wanted)
             AND NOT EXISTS (SELECT 1 FROM vendor_event e WHERE e.vendor = $1 AND e.status IN ('RECEIVED', 'UNMATCHED', 'FAILED')
                             AND e.type = 'message.sent' AND e.normalized->'message'->>'id' = t.wanted)`,
    values: [input.vendor, input.messageIds],
  });
  return rows.map((r) => r.id);
}
