import type { Db } from '../../db/client';
import { prismaExecutor } from '../../jobs/prisma-executor';
import { EMAILS_TOTAL } from '../../metrics/app-metrics';
import { addToSharedCounter } from '../../metrics/shared-counters';
import { describeEvent, statusForEvent, type SendgridEvent } from './sendgrid-event';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ApplyResult {
  applied: number;
  duplicates: number;
  /** Events without our email_id, or naming an email we do not have (another sender on the same account). */
  unknown: number;
}

/**
 * Stores each SendGrid event once (unique sg_event_id) in the email's trace and moves the email's status forward:
 * queued/sending/failed → sent (processed) → delivered | bounced | dropped. Events arrive out of order and
 * are retried, so a status never moves back; one transaction per batch.
 */
export async function applySendgridEvents(db: Db, events: SendgridEvent[]): Promise<ApplyResult> {
  const result: ApplyResult = { applied: 0, duplicates: 0, unknown: 0 };
  await db.$transaction(
    async (tx) => {
      for (const event of events) {
        const emailId = event.email_id && UUID.test(event.email_id) ? event.email_id : null;
        if (!emailId) {
          result.unknown++;
          continue;
        }
        const occurredAt = new Date(event.timestamp * 1000);
        const inserted = await tx.$queryRaw<{ id: bigint }[]>`
          INSERT INTO email_event ("emailId", type, source, "occurredAt", detail, "providerEventId")
          SELECT ${emailId}::uuid, ${event.event}, 'sendgrid', ${occurredAt}, ${describeEvent(event)}, ${event.sg_event_id}
          WHERE EXISTS (SELECT 1 FROM email WHERE id = ${emailId}::uuid)
          ON CONFLICT ("providerEventId") DO NOTHING
          RETURNING id`;
        if (inserted.length === 0) {
          const known = await tx.email.count({ where: { id: emailId } });
          if (known === 0) result.unknown++;
          else result.duplicates++;
          continue;
        }
        result.applied++;
        const status = statusForEvent[event.event];
        if (!status) continue;
        const providerMessageId = event.sg_message_id?.split('.')[0] ?? null;
        const reason = status === 'BOUNCED' || status === 'DROPPED' ? describeEvent(event) : null;
        const moved = await tx.$queryRaw<{ template: string }[]>`
          UPDATE email SET status = ${status}::"EmailStatus", "statusReason" = ${reason},
            "sentAt" = COALESCE("sentAt", ${occurredAt}), "providerMessageId" = COALESCE("providerMessageId", ${providerMessageId}), "updatedAt" = now()
          WHERE id = ${emailId}::uuid
            AND (CASE status WHEN 'QUEUED' THEN 0 WHEN 'SENDING' THEN 1 WHEN 'FAILED' THEN 1 WHEN 'SENT' THEN 2 WHEN 'CANCELLED' THEN 0 ELSE 3 END)
              < (CASE ${status} WHEN 'SENT' THEN 2 ELSE 3 END)
          RETURNING template`;
        if (moved[0]) await addToSharedCounter(prismaExecutor(tx), EMAILS_TOTAL, { template: moved[0].template, status: status.toLowerCase() });
      }
    },
    { timeout: 30_000 },
  );
  return result;
}
