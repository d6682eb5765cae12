import type { DbTx } from '../../db/tx';
import { recordEmailEvent } from '../outbox/record-email-event';
import { templates, type TemplateName } from '../templates';
import type { OptOutKind } from './event-meanings';

/**
 * A spam report, unsubscribe or group unsubscribe on one of our emails opts its recipient out of notification
 * emails, as SendGrid itself suppresses the address afterwards (docs: "Event Webhook reference" › Engagement
 * events; "Suppressions"): sending more would only produce drops. A spam report or global unsubscribe stops all
 * notification emails (User.unsubscribedAt); a group unsubscribe stops the email's own kind when it has one.
 * Transactional emails (password reset, fallback copies) ignore preferences, as they already do.
 * The reason lands on the user (settings page, support trace) and in the email's trace. Idempotent.
 */
export async function applyEventOptOut(
  tx: DbTx,
  input: { emailId: string; kind: OptOutKind; occurredAt: Date },
): Promise<void> {
  const email = await tx.email.findUniqueOrThrow({
    where: { id: input.emailId },
    select: { toUserId: true, template: true },
  });
  const reason = `${input.kind} (SendGrid) on ${input.occurredAt.toISOString().slice(0, 10)}`;
  const purpose =
    input.kind === 'group unsubscribe' ? (templates[email.template as TemplateName]?.policy.purpose ?? null) : null;
  if (purpose) {
    await tx.emailOptOut.createMany({ data: [{ userId: email.toUserId, purpose, reason }], skipDuplicates: true });
  } else {
    await tx.user.updateMany({
      where: { id: email.toUserId, unsubscribedAt: null },
      data: { unsubscribedAt: input.occurredAt, unsubscribedReason: reason },
    });
  }
  const scope = purpose ? `${purpose} emails` : 'all notification emails';
  await recordEmailEvent(tx, {
    emailId: input.emailId,
    template: email.template,
    type: 'opted-out',
    detail: `recipient opted out of ${scope}: ${reason}`,
    occurredAt: input.occurredAt,
  });
}
