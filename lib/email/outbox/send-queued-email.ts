import type { ServiceContext } from '../../context';
import type { Config } from '../../config';
import { backoffDelay, type RetryOptions } from '../../retry';
import { EmailSendError } from '../errors';
import type { EmailTransport } from '../transport';
import { claimEmail, DEFAULT_UNCONFIRMED_HOLD_MS, type ClaimSettings, type Claimed } from './claim-email';
import type { DbTx } from '../../db/tx';
import { enqueue } from '../../jobs/enqueue';
import { prismaExecutor } from '../../jobs/prisma-executor';
import { EMAIL_SEND_BUCKETS, EMAIL_SEND_SECONDS } from '../../metrics/app-metrics';
import { observeSharedHistogram } from '../../metrics/shared-counters';
import type { TemplateName } from '../templates';
import { recordEmailEvent } from './record-email-event';
import { markHandingOver, settleAttempt } from './send-attempt';
import { isDatabaseUnavailable } from '../../db/unavailable';
import type { EmailAttemptState } from '../../db/generated/enums';
import { sendEmailJob } from '../jobs/send-email';

/** The service context (the time from its clock, settings from its config) and the transport. */
export interface SendContext extends Pick<ServiceContext, 'db' | 'log' | 'clock' | 'config'> {
  transport: EmailTransport;
  /** Requests within one job run (each outcome recorded before the back-off); the job is retried after that. */
  retry?: Omit<RetryOptions, 'onRetry'>;
  settings?: ClaimSettings;
}

export type SendOutcome =
  'sent' | 'failed' | 'cancelled' | 'deferred' | 'skipped' | 'unconfirmed' | 'retry' | 'rescheduled';

const DEFAULT_RETRY = { attempts: 3, baseDelayMs: 1000, maxDelayMs: 15_000 } satisfies RetryOptions;
/** Requests per email over all job runs: 12 job attempts × 3 requests (../jobs/send-email.ts). */
export const MAX_SEND_ATTEMPTS = 36;

function settingsFromConfig(config: Config): ClaimSettings {
  return {
    appUrl: config.APP_URL,
    authSecret: config.AUTH_SECRET,
    digestHour: config.EMAIL_DIGEST_HOUR,
    unconfirmedHoldMs: config.EMAIL_UNCONFIRMED_HOLD_MINUTES * 60_000,
  };
}

/** One mail/send request, classified by what it tells us about acceptance (EmailSendError.outcome). */
async function attemptOnce(
  ctx: SendContext,
  claimed: Claimed,
): Promise<{ ok: true; providerMessageId: string | null; statusCode: number } | { ok: false; error: EmailSendError }> {
  try {
    const response = await ctx.transport.send({
      to: claimed.to,
      subject: claimed.rendered.subject,
      html: claimed.rendered.html,
      text: claimed.rendered.text,
      headers: claimed.headers,
      customArgs: { email_id: claimed.emailId },
      categories: [claimed.template],
      sandboxMode: claimed.sandboxMode,
    });
    return { ok: true, ...response };
  } catch (error) {
    if (!(error instanceof EmailSendError)) throw error;
    return { ok: false, error };
  }
}

/**
 * Sends one queued email through the send state machine (docs/webhooks-and-email.md):
 * QUEUED → claim → SENDING → one request → SENT | QUEUED (refused 429/5xx or not connected: known not accepted,
 * recorded, then back-off and try again) | FAILED (refused for good, or out of attempts) | UNCONFIRMED (no answer:
 * held, never resent). A SENDING email found at claim time was cut off mid-attempt and becomes UNCONFIRMED.
 * A wait longer than the retry options allow (e.g. SendGrid's X-RateLimit-Reset) reschedules the job for then.
 * Returns 'retry' when the caller's job should fail so graphile-worker retries it with its own back-off.
 */
export async function sendQueuedEmail(
  ctx: SendContext,
  input: { emailId: string; finalAttempt: boolean },
): Promise<SendOutcome> {
  const now = () => ctx.clock.now();
  const settings = ctx.settings ?? settingsFromConfig(ctx.config);
  const retry = { ...DEFAULT_RETRY, ...ctx.retry };
  const sleep = retry.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const maxDelayMs = retry.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs;
  const holdMs = settings.unconfirmedHoldMs ?? DEFAULT_UNCONFIRMED_HOLD_MS;
  for (let request = 1; ; request++) {
    const claim = await ctx.db.$transaction((tx) => claimEmail(tx, input.emailId, now(), settings), {
      timeout: 20_000,
    });
    if (claim.kind === 'done') return claim.outcome;
    if (claim.kind === 'interrupted') {
      ctx.log.warn(
        { emailId: input.emailId },
        'email was left mid-send by an earlier attempt; holding it as unconfirmed instead of risking a duplicate',
      );
      const at = now();
      await ctx.db.$transaction((tx) =>
        recordInterrupted(tx, {
          emailId: input.emailId,
          template: claim.email.template,
          attempt: claim.email.sendAttempts,
          now: at,
          holdUntil: new Date(at.getTime() + holdMs),
        }),
      );
      return 'unconfirmed';
    }
    const { claimed } = claim;
    // Committed before the request leaves: if this fails, nothing is sent and the attempt stays CLAIMED, which the
    // next run sends again; from here on a lost run leaves HANDING_OVER, which is held (./send-attempt.ts).
    await markHandingOver(ctx.db, input.emailId, claimed.attempt, now());
    const started = performance.now();
    const answer = await attemptOnce(ctx, claimed);
    const seconds = (performance.now() - started) / 1000;
    const at = now();
    let result: SendResult;
    let waitMs: number | null = null;
    if (answer.ok) {
      result = { kind: 'sent', providerMessageId: answer.providerMessageId, statusCode: answer.statusCode };
    } else {
      const { error } = answer;
      const reason = `${error.statusCode ? `SendGrid ${error.statusCode}: ` : ''}${error.reason}`;
      if (error.outcome === 'unknown') {
        result = { kind: 'unknown', reason, holdUntil: new Date(at.getTime() + holdMs) };
      } else if (!error.retryable) {
        result = { kind: 'failed', reason };
      } else {
        const delay = error.retryAfterMs ?? backoffDelay(request, retry.baseDelayMs, maxDelayMs, retry.random);
        const inProcess = request < retry.attempts && delay <= maxDelayMs;
        if (inProcess) {
          result = { kind: 'retry', reason };
          waitMs = delay;
        } else if (input.finalAttempt || claimed.attempt >= MAX_SEND_ATTEMPTS) {
          result = { kind: 'failed', reason: `gave up after the last attempt: ${reason}` };
        } else if (error.retryAfterMs !== null && error.retryAfterMs > maxDelayMs) {
          // SendGrid said when: come back then, instead of spending attempts inside its rate-limit window.
          result = { kind: 'retry', reason, runAt: new Date(at.getTime() + error.retryAfterMs) };
        } else {
          result = { kind: 'retry', reason };
        }
      }
    }
    const attemptState: EmailAttemptState = answer.ok
      ? 'ACCEPTED'
      : answer.error.outcome === 'refused'
        ? 'REFUSED'
        : answer.error.outcome === 'not-sent'
          ? 'NOT_SENT'
          : 'UNKNOWN';
    // The answer is known only to this run: keep trying to record it through a short database outage rather than
    // leave HANDING_OVER, which the next run would have to hold as unknown.
    await recordWhileDatabaseReturns(ctx, () =>
      ctx.db.$transaction((tx) =>
        recordSendResult(tx, {
          emailId: input.emailId,
          template: claimed.template,
          attempt: claimed.attempt,
          attemptState,
          result,
          seconds,
          now: at,
        }),
      ),
    );
    if (result.kind !== 'sent')
      ctx.log.warn(
        {
          emailId: input.emailId,
          template: claimed.template,
          attempt: claimed.attempt,
          result: result.kind,
          reason: result.reason,
        },
        'email not sent',
      );
    if (waitMs === null)
      return result.kind === 'unknown'
        ? 'unconfirmed'
        : result.kind === 'retry'
          ? result.runAt
            ? 'rescheduled'
            : 'retry'
          : result.kind;
    // The refusal is recorded (QUEUED): a worker killed during this wait leaves an email the next run sends.
    await sleep(waitMs);
  }
}

// The record phase: what one attempt came to, written before any back-off (docs/webhooks-and-email.md).

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
export async function recordSendResult(
  tx: DbTx,
  input: {
    emailId: string;
    template: TemplateName;
    attempt: number;
    /** Where the request got to: ACCEPTED, REFUSED, NOT_SENT or UNKNOWN (email_send_attempt). */
    attemptState: EmailAttemptState;
    result: SendResult;
    seconds: number;
    now: Date;
  },
): Promise<void> {
  const { emailId, template, result, now, attempt } = input;
  const open = await settleAttempt(tx, {
    emailId,
    attempt,
    state: input.attemptState,
    detail: result.kind === 'sent' ? `SendGrid answered ${result.statusCode}` : result.reason,
    now,
  });
  // Recorded already: this is a retry of a record whose commit went through but whose answer was lost.
  if (!open) return;
  await observeSharedHistogram(prismaExecutor(tx), EMAIL_SEND_SECONDS, EMAIL_SEND_BUCKETS, {}, input.seconds);
  if (result.kind === 'sent') {
    await tx.$executeRaw`
      UPDATE email SET status = CASE WHEN status IN ('SENDING', 'UNCONFIRMED') THEN 'SENT'::"EmailStatus" ELSE status END,
        "statusReason" = CASE WHEN status IN ('SENDING', 'UNCONFIRMED') THEN NULL ELSE "statusReason" END,
        "providerMessageId" = ${result.providerMessageId}, "sentAt" = ${now}, "updatedAt" = now()
      WHERE id = ${emailId}::uuid`;
    await recordEmailEvent(tx, {
      emailId,
      template,
      type: 'sent',
      detail: `attempt ${attempt}: SendGrid answered ${result.statusCode}${result.providerMessageId ? `, message id ${result.providerMessageId}` : ''}`,
      occurredAt: now,
      status: 'sent',
    });
    return;
  }
  const status = result.kind === 'failed' ? 'FAILED' : result.kind === 'retry' ? 'QUEUED' : 'UNCONFIRMED';
  const changed = await tx.$executeRaw`
    UPDATE email SET status = ${status}::"EmailStatus", "statusReason" = ${result.reason}, "updatedAt" = ${now}
    WHERE id = ${emailId}::uuid AND status = 'SENDING'`;
  if (changed === 0) return;
  if (result.kind === 'failed') {
    await recordEmailEvent(tx, {
      emailId,
      template,
      type: 'failed',
      detail: `attempt ${attempt}: ${result.reason}`,
      occurredAt: now,
      status: 'failed',
    });
  } else if (result.kind === 'retry') {
    await recordEmailEvent(tx, {
      emailId,
      template,
      type: 'send-retry',
      detail: `attempt ${attempt} not accepted (${result.reason}); will retry${result.runAt ? ` at ${result.runAt.toISOString()}` : ''}`,
      occurredAt: now,
    });
    if (result.runAt) await enqueue(prismaExecutor(tx), sendEmailJob, { emailId }, { runAt: result.runAt });
  } else {
    await recordEmailEvent(tx, {
      emailId,
      template,
      type: 'unconfirmed',
      detail: `attempt ${attempt}: ${result.reason}; held, not resent, until SendGrid's events settle it or ${result.holdUntil.toISOString()}`,
      occurredAt: now,
      status: 'unconfirmed',
    });
    await enqueue(prismaExecutor(tx), sendEmailJob, { emailId }, { runAt: result.holdUntil });
  }
}

/**
 * A job found its email still SENDING: an earlier attempt stopped (worker killed) after claiming it and before
 * recording an answer, so the request may or may not have reached SendGrid. Same as an unanswered request: held
 * as UNCONFIRMED, never resent; SendGrid's events or the hold settle it.
 */
export async function recordInterrupted(
  tx: DbTx,
  input: { emailId: string; template: TemplateName; attempt: number; now: Date; holdUntil: Date },
): Promise<void> {
  const reason = 'interrupted while being handed to SendGrid (worker stopped before recording an answer)';
  await settleAttempt(tx, {
    emailId: input.emailId,
    attempt: input.attempt,
    state: 'UNKNOWN',
    detail: reason,
    now: input.now,
  });
  const changed = await tx.$executeRaw`
    UPDATE email SET status = 'UNCONFIRMED', "statusReason" = ${reason}, "updatedAt" = ${input.now} WHERE id = ${input.emailId}::uuid AND status = 'SENDING'`;
  if (changed === 0) return;
  await recordEmailEvent(tx, {
    emailId: input.emailId,
    template: input.template,
    type: 'interrupted',
    detail: `${reason}; held, not resent, until SendGrid's events settle it or ${input.holdUntil.toISOString()}`,
    occurredAt: input.now,
    status: 'unconfirmed',
  });
  await enqueue(prismaExecutor(tx), sendEmailJob, { emailId: input.emailId }, { runAt: input.holdUntil });
}

/**
 * Runs `record` until it succeeds, waiting out a database that is unavailable (lib/db/unavailable.ts) with
 * back-off (0.5 s doubling to 5 s) for at most `EMAIL_RECORD_RETRY_SECONDS`; then, or on any other error, throws.
 */
async function recordWhileDatabaseReturns(ctx: SendContext, record: () => Promise<void>): Promise<void> {
  const deadline = performance.now() + ctx.config.EMAIL_RECORD_RETRY_SECONDS * 1000;
  for (let failures = 1; ; failures++) {
    try {
      return await record();
    } catch (error) {
      if (!isDatabaseUnavailable(error) || performance.now() >= deadline) throw error;
      ctx.log.debug({ err: error }, 'could not record the send answer yet; the database is away, retrying');
      await new Promise<void>((resolve) => setTimeout(resolve, backoffDelay(failures, 500, 5000)));
    }
  }
}
