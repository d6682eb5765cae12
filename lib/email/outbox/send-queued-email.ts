import type { Logger } from 'pino';
import { getConfig } from '../../config';
import type { Db } from '../../db/client';
import type { RetryOptions } from '../../retry';
import { EmailSendError } from '../errors';
import type { EmailTransport } from '../transport';
import { claimEmail, type ClaimSettings, type Claimed } from './claim-email';
import { recordInterrupted, recordSendResult, type SendResult } from './record-send-result';

export interface SendContext {
  db: Db;
  transport: EmailTransport;
  log: Logger;
  now?: () => Date;
  /** In-process retries within one job attempt (the job itself is retried with backoff after that). */
  retry?: Omit<RetryOptions, 'onRetry'>;
  settings?: ClaimSettings;
}

export type SendOutcome = 'sent' | 'failed' | 'cancelled' | 'deferred' | 'skipped' | 'interrupted' | 'retry';

const DEFAULT_RETRY = { attempts: 3, baseDelayMs: 1000, maxDelayMs: 15_000 } satisfies RetryOptions;

function settingsFromConfig(): ClaimSettings {
  const config = getConfig();
  return { appUrl: config.APP_URL, authSecret: config.AUTH_SECRET, digestHour: config.EMAIL_DIGEST_HOUR };
}

async function deliver(ctx: SendContext, claimed: Claimed, finalAttempt: boolean): Promise<SendResult> {
  try {
    const response = await ctx.transport.sendWithRetry(
      {
        to: claimed.to,
        subject: claimed.rendered.subject,
        html: claimed.rendered.html,
        text: claimed.rendered.text,
        headers: claimed.headers,
        customArgs: { email_id: claimed.emailId },
        categories: [claimed.template],
        sandboxMode: claimed.sandboxMode,
      },
      ctx.retry ?? DEFAULT_RETRY,
    );
    return { kind: 'sent', providerMessageId: response.providerMessageId, statusCode: response.statusCode };
  } catch (error) {
    if (!(error instanceof EmailSendError)) throw error;
    const reason = `${error.statusCode ? `SendGrid ${error.statusCode}: ` : ''}${error.reason}`;
    if (!error.retryable) return { kind: 'failed', reason };
    return finalAttempt ? { kind: 'failed', reason: `gave up after the last attempt: ${reason}` } : { kind: 'retry', reason };
  }
}

/**
 * Sends one queued email: claim (preferences, render, mark SENDING) → SendGrid with backoff on 429/5xx → record.
 * Returns 'retry' when SendGrid stayed unavailable: the caller's job should fail so graphile-worker retries it later.
 */
export async function sendQueuedEmail(ctx: SendContext, input: { emailId: string; finalAttempt: boolean }): Promise<SendOutcome> {
  const now = ctx.now ?? (() => new Date());
  const settings = ctx.settings ?? settingsFromConfig();
  const claim = await ctx.db.$transaction((tx) => claimEmail(tx, input.emailId, now(), settings), { timeout: 20_000 });
  if (claim.kind === 'done') return claim.outcome;
  if (claim.kind === 'interrupted') {
    ctx.log.warn({ emailId: input.emailId }, 'email was left mid-send by an earlier attempt; marking it failed instead of risking a duplicate');
    await ctx.db.$transaction((tx) => recordInterrupted(tx, { emailId: input.emailId, template: claim.email.template, now: now() }));
    return 'interrupted';
  }
  const started = performance.now();
  const result = await deliver(ctx, claim.claimed, input.finalAttempt);
  const seconds = (performance.now() - started) / 1000;
  await ctx.db.$transaction((tx) => recordSendResult(tx, { emailId: input.emailId, template: claim.claimed.template, result, seconds, now: now() }));
  if (result.kind !== 'sent') ctx.log.warn({ emailId: input.emailId, template: claim.claimed.template, reason: result.reason, willRetry: result.kind === 'retry' }, 'email not sent');
  return result.kind;
}
