import type { DbTx } from '../../db/tx';
import { recordEmailEvent } from '../../email/outbox/record-email-event';

/**
 * Cancels queued emails of a conversation whose every message is now deleted: a deleted message is never
 * emailed. An email that still lists a live message stays; its composer leaves the deleted ones out.
 * Emails already being sent (SENDING) are left alone.
 */
export async function cancelDeletedEmails(
  tx: DbTx,
  input: { conversationId: string; deletedAt: Date; now: Date },
): Promise<number> {
  const reason = `its message(s) were deleted at ${input.deletedAt.toISOString()}, before the email was due`;
  const cancelled = await tx.$queryRaw<{ id: string; template: string }[]>`
    UPDATE email e SET status = 'CANCELLED', "statusReason" = ${reason}, "updatedAt" = now()
    WHERE e."conversationId" = ${input.conversationId}::uuid AND e.status = 'QUEUED'
      AND EXISTS (SELECT 1 FROM email_message em WHERE em."emailId" = e.id)
      AND NOT EXISTS (
        SELECT 1 FROM email_message em JOIN message m ON m.id = em."messageId"
        WHERE em."emailId" = e.id AND m."deletedAt" IS NULL)
    RETURNING e.id, e.template`;
  for (const { id, template } of cancelled) {
    await recordEmailEvent(tx, {
      emailId: id,
      template,
      type: 'cancelled',
      detail: reason,
      occurredAt: input.now,
      status: 'cancelled',
    });
  }
  return cancelled.length;
}
