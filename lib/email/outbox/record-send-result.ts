import type { DbTx } from '../../db/tx';
import { prismaExecutor } from '../../jobs/prisma-executor';
import { EMAIL_SEND_BUCKETS, EMAIL_SEND_SECONDS } from '../../metrics/app-metrics';
import { observeSharedHistogram } from '../../metrics/shared-counters';
import type { TemplateName } from '../templates';
import { recordEmailEvent } from './record-email-event';

export type SendResult =
  | { kind: 'sent'; providerMessageId: string | null; statusCode: number }
  | { kind: 'failed'; reason: string }
  /** Retryable, and this job attempt gave up: back to queued for the job's next attempt. */
  | { kind: 'retry'; reason: string };

/**
 * Phase 3 of sending: record what SendGrid answered. Only a row still SENDING changes status — SendGrid's event
 * webhook may already have moved it on (delivered), and that must not be undone.
 */
export async function recordSendResult(tx: DbTx, input: { emailId: string; template: TemplateName; result: SendResult; seconds: number; now: Date }): Promise<void> {
  const { emailId, template, result, now } = input;
  await observeSharedHistogram(prismaExecutor(tx), EMAIL_SEND_SECONDS, EMAIL_SEND_BUCKETS, {}, input.seconds);
  if (result.kind === 'sent') {
    await tx.$executeRaw`
      UPDATE email SET status = CASE WHEN status = 'SENDING' THEN 'SENT'::"EmailStatus" ELSE status END,
        "providerMessageId" = ${result.providerMessageId}, "sentAt" = ${now}, "updatedAt" = now()
      WHERE id = ${emailId}::uuid`;
    await recordEmailEvent(tx, { emailId, template, type: 'sent', detail: `SendGrid answered ${result.statusCode}${result.providerMessageId ? `, message id ${result.providerMessageId}` : ''}`, occurredAt: now, status: 'sent' });
    return;
  }
  const status = result.kind === 'failed' ? 'FAILED' : 'QUEUED';
  const changed = await tx.$executeRaw`
    UPDATE email SET status = ${status}::"EmailStatus", "statusReason" = ${result.reason}, "updatedAt" = now()
    WHERE id = ${emailId}::uuid AND status = 'SENDING'`;
  if (changed === 0) return;
  if (result.kind === 'failed') await recordEmailEvent(tx, { emailId, template, type: 'failed', detail: result.reason, occurredAt: now, status: 'failed' });
  else await recordEmailEvent(tx, { emailId, template, type: 'send-retry', detail: `${result.reason}; will retry`, occurredAt: now });
}

/**
 * A job found its email still SENDING: an earlier attempt died between handing it to SendGrid and recording the
 * answer. It is not sent again (SendGrid's mail API has no idempotency key, so resending could deliver it twice);
 * it is marked failed, and SendGrid's event webhook moves it on if SendGrid did accept it.
 */
export async function recordInterrupted(tx: DbTx, input: { emailId: string; template: TemplateName; now: Date }): Promise<void> {
  const reason = 'interrupted while being handed to SendGrid (worker stopped); not resent so it cannot arrive twice — a SendGrid event will update it if it was accepted';
  const changed = await tx.$executeRaw`
    UPDATE email SET status = 'FAILED', "statusReason" = ${reason}, "updatedAt" = now() WHERE id = ${input.emailId}::uuid AND status = 'SENDING'`;
  if (changed > 0) await recordEmailEvent(tx, { emailId: input.emailId, template: input.template, type: 'interrupted', detail: reason, occurredAt: input.now, status: 'failed' });
}
