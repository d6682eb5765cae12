import { cancelReadEmails } from '../email-rules/cancel-read-emails';
import { lockConversation } from '../lock-conversation';
import { messagesReadBy } from '../read-horizon';
import type { EventHandler } from './types';

/**
 * message.read → read state, then cancels the reader's pending unread email if every message in it is now read.
 * Needs no conversation or message row: a read that arrives before its message.sent is kept and honoured then.
 * A read horizon ("read up to", event.upTo) covers the messages recorded up to it (../read-horizon.ts).
 */
export const handleMessageRead: EventHandler<'message.read'> = async ({ tx, event, vendor, now }) => {
  await lockConversation(tx, vendor, event.conversationId);
  const messageIds = await messagesReadBy(tx, vendor, event);
  await tx.messageRead.createMany({
    data: messageIds.map((vendorMessageId) => ({
      vendor,
      vendorMessageId,
      readerId: event.readerId,
      vendorConversationId: event.conversationId,
      readAt: event.readAt,
      vendorEventId: event.eventId,
    })),
    skipDuplicates: true,
  });
  const cancelled = await cancelReadEmails(tx, {
    vendor,
    readerId: event.readerId,
    vendorMessageIds: messageIds,
    readAt: event.readAt,
    now,
  });
  return { kind: 'processed', note: cancelled > 0 ? `cancelled ${cancelled} unread email(s)` : undefined };
};
