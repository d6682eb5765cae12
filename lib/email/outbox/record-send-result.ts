import type { DbTx } from '../../db/tx';
import { enqueue } from '../../jobs/enqueue';
import { prismaExecutor } from '../../jobs/prisma-executor';
import { EMAIL_SEND_BUCKETS, EMAIL_SEND_SECONDS } from '../../metrics/app-metrics';
import { observeSharedHistogram } from '../../metrics/shared-counters';
import type { TemplateName } from '../templates';
import { recordEmailEvent } from './record-email-event';
import { sendEmailJob } from '../jobs/send-email';

/** What one attempt (one mail/send request) came to; see docs/webhooks-and-email.md › The send state machine. */
export type SendResult =
  | { kind: 'sent'; providerMessageId: string | null; statusCode: number }
  /** Refused for good (a 4xx other than 429), or retryable and out of attempts. */
  | { kind: 'failed'; reason: string }
  /** Known not accepted (429/5xx answered, or never connected): back to QUEUED, safe to send again. */
  | { kind: 'retry'; reason: string; runAt?: Date }
  /** Sent, but no answer came: held as UNCONFIRMED until SendGrid's events or the hold settle it. */
  | { kind: 'unknown'; reason: string; holdUntil: Date };

/**
 * Phase 3 of sending: record what this attempt came to, in one transaction, BEFORE any back-off, so a worker that
 * dies while waiting leaves a QUEUED email (known not accepted) that the next run sends, never a SENDING one.
 * Only a row still SENDING (or UNCONFIRMED, for a late answer) changes status — SendGrid's event webhook may
 * already have moved it on (delivered), and that must not be undone.
 */
export async function recordSendResult(tx: DbTx, input: { emailId: string; template: TemplateName; attempt: number; result: SendResult; seconds: number; now: Date }): Promise<void> {
  const { emailId, template, result, now, attempt } = input;
  await observeSharedHistogram(prismaExecutor(tx), EMAIL_SEND_SECONDS, EMAIL_SEND_BUCKETS, {}, input.seconds);
  if (result.kind === 'sent') {
    await tx.$executeRaw`
      UPDATE email SET status = CASE WHEN status IN ('SENDING', 'UNCONFIRMED') THEN 'SENT'::"EmailStatus" ELSE status END,
        "statusReason" = CASE WHEN status IN ('SENDING', 'UNCONFIRMED') THEN NULL ELSE "statusReason" END,
        "providerMessageId" = ${result.providerMessageId}, "sentAt" = ${now}, "updatedAt" = now()
      WHERE id = ${emailId}::uuid`;
    await recordEmailEvent(tx, { emailId, template, type: 'sent', detail: `attempt ${attempt}: SendGrid answered ${result.statusCode}${result.providerMessageId ? `, message id ${result.providerMessageId}` : ''}`, occurredAt: now, status: 'sent' });
    return;
  }
  const status = result.kind === 'failed' ? 'FAILED' : result.kind === 'retry' ? 'QUEUED' : 'UNCONFIRMED';
  const changed = await tx.$executeRaw`
    UPDATE email SET status = ${status}::"EmailStatus", "statusReason" = ${result.reason}, "updatedAt" = ${now}
    WHERE id = ${emailId}::uuid AND status = 'SENDING'`;
  if (changed === 0) return;
  if (result.kind === 'failed') {
    await recordEmailEvent(tx, { emailId, template, type: 'failed', detail: `attempt ${attempt}: ${result.reason}`, occurredAt: now, status: 'failed' });
  } else if (result.kind === 'retry') {
    await recordEmailEvent(tx, { emailId, template, type: 'send-retry', detail: `attempt ${attempt} not accepted (${result.reason}); will retry${result.runAt ? ` at ${result.runAt.toISOString()}` : ''}`, occurredAt: now });
    if (result.runAt) await enqueue(prismaExecutor(tx), sendEmailJob, { emailId }, { runAt: result.runAt });
  } else {
    await recordEmailEvent(tx, { emailId, template, type: 'unconfirmed', detail: `attempt ${attempt}: ${result.reason}; held, not resent, until SendGrid's events settle it or ${result.holdUntil.toISOString()}`, occurredAt: now, status: 'unconfirmed' });
    await enqueue(prismaExecutor(tx), sendEmailJob, { emailId }, { runAt: result.holdUntil });
  }
}

/**
 * A job found its email still SENDING: an earlier attempt stopped (worker killed) after claiming it and before
 * recording an answer, so the request may or may not have reached SendGrid. Same as an unanswered request: held
 * as UNCONFIRMED, never resent; SendGrid's events or the hold settle it.
 */
export async function recordInterrupted(tx: DbTx, input: { emailId: string; template: TemplateName; now: Date; holdUntil: Date }): Promise<void> {
  const reason = 'interrupted while being handed to SendGrid (worker stopped before recording an answer)';
  const changed = await tx.$executeRaw`
    UPDATE email SET status = 'UNCONFIRMED', "statusReason" = ${reason}, "updatedAt" = ${input.now} WHERE id = ${input.emailId}::uuid AND status = 'SENDING'`;
  if (changed === 0) return;
  await recordEmailEvent(tx, { emailId: input.emailId, template: input.template, type: 'interrupted', detail: `${reason}; held, not resent, until SendGrid's events settle it or ${input.holdUntil.toISOString()}`, occurredAt: input.now, status: 'unconfirmed' });
  await enqueue(prismaExecutor(tx), sendEmailJob, { emailId: input.emailId }, { runAt: input.holdUntil });
}
