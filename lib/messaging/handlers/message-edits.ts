import { cancelDeletedEmails } from '../email-rules/cancel-deleted-emails';
import { lockConversation } from '../lock-conversation';
import type { EventHandler } from './types';

// Edits and deletions the vendor reports (TalkJS: message.updated, message.deleted, conversation.deleted).
// The Message row keeps its vendor id and sent time; an edit replaces its text, a deletion marks it. Unread
// emails are composed at send time from these rows, so they show the edited text and leave deleted messages out;
// an email whose every message is deleted is cancelled here.

/** message.updated → the row's text becomes the edited text, unless a later edit already landed. Unmatched until message.sent is recorded. */
export const handleMessageUpdated: EventHandler<'message.updated'> = async ({ tx, event, vendor }) => {
  const { message } = event;
  await lockConversation(tx, vendor, message.conversationId);
  const row = await tx.message.findUnique({
    where: { vendor_vendorMessageId: { vendor, vendorMessageId: message.id } },
    select: { id: true, editedAt: true },
  });
  if (!row) return { kind: 'unmatched', reason: `no ${vendor} message ${message.id} recorded yet to edit` };
  if (row.editedAt && row.editedAt >= event.occurredAt)
    return { kind: 'processed', note: 'a later edit is already applied' };
  await tx.message.update({
    where: { id: row.id },
    data: { text: message.text.replaceAll('\u0000', ''), editedAt: event.occurredAt },
  });
  return { kind: 'processed' };
};

/** message.deleted → the row is marked deleted and emails left with only deleted messages are cancelled. Unmatched until message.sent is recorded. */
export const handleMessageDeleted: EventHandler<'message.deleted'> = async ({ tx, event, vendor, now }) => {
  await lockConversation(tx, vendor, event.conversationId);
  const row = await tx.message.findUnique({
    where: { vendor_vendorMessageId: { vendor, vendorMessageId: event.messageId } },
    select: { id: true, conversationId: true },
  });
  if (!row) return { kind: 'unmatched', reason: `no ${vendor} message ${event.messageId} recorded yet to delete` };
  await tx.message.updateMany({ where: { id: row.id, deletedAt: null }, data: { deletedAt: event.occurredAt } });
  const cancelled = await cancelDeletedEmails(tx, {
    conversationId: row.conversationId,
    deletedAt: event.occurredAt,
    now,
  });
  return { kind: 'processed', note: cancelled > 0 ? `cancelled ${cancelled} email(s)` : undefined };
};

/** conversation.deleted → every message of it is marked deleted and its pending emails cancelled. A conversation we never had needs nothing. */
export const handleConversationDeleted: EventHandler<'conversation.deleted'> = async ({ tx, event, vendor, now }) => {
  await lockConversation(tx, vendor, event.conversationId);
  const conversation = await tx.conversation.findUnique({
    where: { vendor_vendorConversationId: { vendor, vendorConversationId: event.conversationId } },
    select: { id: true },
  });
  if (!conversation) return { kind: 'processed', note: 'conversation unknown here: nothing to delete' };
  const { count } = await tx.message.updateMany({
    where: { conversationId: conversation.id, deletedAt: null },
    data: { deletedAt: event.occurredAt },
  });
  const cancelled = await cancelDeletedEmails(tx, {
    conversationId: conversation.id,
    deletedAt: event.occurredAt,
    now,
  });
  return { kind: 'processed', note: `${count} message(s) marked deleted; ${cancelled} email(s) cancelled` };
};
