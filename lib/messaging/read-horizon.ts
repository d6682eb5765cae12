import type { NormalizedEvent } from '../chat-provider/types';
import type { DbTx } from '../db/tx';

type ReadEvent = Extract<NormalizedEvent, { kind: 'message.read' }>;

/**
 * The vendor message ids one message.read marks read: its `messageIds`, plus, when it carries a horizon (`upTo`),
 * the horizon's own message and every message of the conversation we have recorded that someone other than the
 * reader sent at or before the horizon. The horizon is the later of `upTo.at` and the sent time of `upTo.messageId`
 * (when that message is recorded). Read "up to" is how Stream (`last_read_message_id`), Sendbird (`read_ts`) and
 * Twilio (a participant's last read message) report reads.
 * Known limit: a message recorded AFTER its horizon read, other than the one it names, is not marked read
 * (the horizon is not stored); vendors deliver a message's webhook before any read that covers it.
 */
export async function messagesReadBy(tx: DbTx, vendor: string, event: ReadEvent): Promise<string[]> {
  const named = event.upTo?.messageId ? [...event.messageIds, event.upTo.messageId] : event.messageIds;
  if (!event.upTo) return named;
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT m."vendorMessageId" AS id FROM message m JOIN conversation c ON c.id = m."conversationId"
    WHERE c.vendor = ${vendor} AND c."vendorConversationId" = ${event.conversationId}
      AND m."senderId" <> ${event.readerId}
      AND m."sentAt" <= GREATEST(
        ${event.upTo.at ?? null}::timestamptz,
        (SELECT h."sentAt" FROM message h WHERE h.vendor = ${vendor} AND h."vendorMessageId" = ${event.upTo.messageId ?? null}))`;
  return [...new Set([...named, ...rows.map((r) => r.id)])];
}
