import type { DbTx } from '../../db/tx';
import { recordEmailEvent } from '../../email/outbox/record-email-event';

/**
 * Cancels the reader's queued unread-messages emails that list any of these messages and whose every message is
 * now read. Emails already being sent (SENDING) are left alone; one still listing an unread message stays, and
 * the send path drops the read ones from it.
 */
export async function cancelReadEmails(
  tx: DbTx,
  input: { vendor: string; readerId: string; vendorMessageIds: string[]; readAt: Date; now: Date },
): Promise<number> {
  const reason = `read at ${input.readAt.toISOString()}, before the email was due`;
  const cancelled = await tx.$queryRaw<{ id: string }[]>`
    UPDATE email e SET status = 'CANCELLED', "statusReason" = ${reason}, "updatedAt" = now()
    WHERE e.template = 'unread-messages' AND e."toUserId" = ${input.readerId} AND e.status = 'QUEUED'
      AND EXISTS (
        SELECT 1 FROM email_message em JOIN message m ON m.id = em."messageId"
        WHERE em."emailId" = e.id AND m.vendor = ${input.vendor} AND m."vendorMessageId" = ANY(${input.vendorMessageIds}::text[]))
      AND NOT EXISTS (
        SELECT 1 FROM email_message em JOIN message m ON m.id = em."messageId"
        WHERE em."emailId" = e.id
          AND NOT EXISTS (SELECT 1 FROM message_read r WHERE r.vendor = m.vendor AND r."vendorMessageId" = m."vendorMessageId" AND r."readerId" = ${input.readerId}))
    RETURNING e.id`;
  for (const { id } of cancelled) {
    await recordEmailEvent(tx, {
      emailId: id,
      template: 'unread-messages',
      type: 'cancelled',
      detail: reason,
      occurredAt: input.now,
      status: 'cancelled',
    });
  }
  return cancelled.length;
}
