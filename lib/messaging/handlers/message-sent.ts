import { applyEmailRules } from '../email-rules/apply-email-rules';
import { lockConversation } from '../lock-conversation';
import type { EventHandler } from './types';

/**
 * message.sent → one Message row per vendor message (whichever event brought it first: webhook, redelivery with
 * a new id, or reconciliation), then the email rules — only when the row is new, so nothing is emailed twice.
 */
export const handleMessageSent: EventHandler<'message.sent'> = async ({ tx, event, vendor, source, now, settings }) => {
  const { message } = event;
  const conversation = await tx.conversation.findUnique({
    where: { vendor_vendorConversationId: { vendor, vendorConversationId: message.conversationId } },
    select: { id: true, project: { select: { id: true, title: true, clientId: true, designerId: true } } },
  });
  if (!conversation)
    return { kind: 'unmatched', reason: `no ${vendor} conversation ${message.conversationId} here yet` };
  await lockConversation(tx, vendor, message.conversationId);

  const [created] = await tx.message.createManyAndReturn({
    data: [
      {
        vendor,
        vendorMessageId: message.id,
        conversationId: conversation.id,
        senderId: message.senderId,
        // PostgreSQL text cannot hold NUL; nothing a person typed needs it.
        text: message.text.replaceAll('\u0000', ''),
        sentAt: message.createdAt,
        idempotencyKey: message.idempotencyKey,
        source,
        vendorEventId: event.eventId,
      },
    ],
    skipDuplicates: true,
    select: { id: true, vendorMessageId: true, senderId: true, text: true, sentAt: true, idempotencyKey: true },
  });
  if (!created) return { kind: 'processed', note: 'message already recorded by an earlier event' };

  await tx.$executeRaw`UPDATE conversation SET "lastActivityAt" = GREATEST("lastActivityAt", ${message.createdAt}::timestamptz AT TIME ZONE 'UTC') WHERE id = ${conversation.id}::uuid`;
  await applyEmailRules(tx, {
    vendor,
    conversationId: conversation.id,
    project: conversation.project,
    message: created,
    now,
    settings,
  });
  return { kind: 'processed' };
};
