import type { DbTx } from '../../db/tx';
import { prismaExecutor } from '../../jobs/prisma-executor';
import { EMAILS_TOTAL } from '../../metrics/app-metrics';
import { addToSharedCounter } from '../../metrics/shared-counters';

/** Our own steps in an email's trace (SendGrid's events are stored under their own names by the event webhook). */
export type AppEmailEventType =
  | 'queued'
  | 'message-added'
  | 'deferred'
  | 'cancelled'
  | 'sending'
  | 'sent'
  | 'send-retry'
  | 'failed'
  | 'interrupted'
  | 'unconfirmed'
  | 'opted-out';

/** Statuses counted in emails_total{template,status}. */
export type CountedStatus =
  'queued' | 'sent' | 'unconfirmed' | 'delivered' | 'bounced' | 'blocked' | 'dropped' | 'failed' | 'cancelled';

/** Appends one step to an email's trace and, when it is a status change, counts it in emails_total — in the caller's transaction. */
export async function recordEmailEvent(
  tx: DbTx,
  input: {
    emailId: string;
    template: string;
    type: AppEmailEventType;
    detail?: string | null;
    occurredAt?: Date;
    status?: CountedStatus;
  },
): Promise<void> {
  await tx.emailEvent.create({
    data: {
      emailId: input.emailId,
      type: input.type,
      source: 'app',
      occurredAt: input.occurredAt ?? new Date(),
      detail: input.detail ?? null,
    },
  });
  if (input.status)
    await addToSharedCounter(prismaExecutor(tx), EMAILS_TOTAL, { template: input.template, status: input.status });
}
