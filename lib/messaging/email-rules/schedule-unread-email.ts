import type { Role } from '../../db/generated/enums';
import type { DbTx } from '../../db/tx';
import { queueEmail } from '../../email/outbox/queue-email';
import { recordEmailEvent } from '../../email/outbox/record-email-event';

export interface ScheduleInput {
  conversationId: string;
  recipient: { id: string; role: Role };
  message: { id: string; vendorMessageId: string; sentAt: Date };
  now: Date;
  delaySeconds: number;
}

/**
 * Adds the message to the recipient's pending unread-messages email for this conversation, or queues a new one
 * due `delaySeconds` after the message was sent (at once for synthetic monitor users, whose canary must
 * exercise the email path on every run). The row lock on the pending email waits for a sender that is
 * claiming it; once it is SENDING it no longer matches and the message starts a new email.
 */
export async function scheduleUnreadEmail(
  tx: DbTx,
  { conversationId, recipient, message, now, delaySeconds }: ScheduleInput,
): Promise<{ emailId: string; created: boolean }> {
  const [pending] = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM email
    WHERE template = 'unread-messages' AND "toUserId" = ${recipient.id} AND "conversationId" = ${conversationId}::uuid AND status = 'QUEUED'
    ORDER BY "createdAt" DESC LIMIT 1
    FOR UPDATE`;
  if (pending) {
    await tx.emailMessage.createMany({ data: [{ emailId: pending.id, messageId: message.id }], skipDuplicates: true });
    await recordEmailEvent(tx, {
      emailId: pending.id,
      template: 'unread-messages',
      type: 'message-added',
      detail: `message ${message.vendorMessageId} added to the pending email`,
      occurredAt: now,
    });
    return { emailId: pending.id, created: false };
  }
  const delayMs = recipient.role === 'SYNTHETIC' ? 0 : delaySeconds * 1000;
  return queueEmail(tx, {
    idempotencyKey: `unread:${conversationId}:${recipient.id}:${message.vendorMessageId}`,
    template: 'unread-messages',
    toUserId: recipient.id,
    props: {},
    sendAt: new Date(Math.max(now.getTime(), message.sentAt.getTime() + delayMs)),
    conversationId,
    messageIds: [message.id],
  });
}
