import type { EmailStatus } from '../../db/generated/enums';
import type { DbTx } from '../../db/tx';
import { enqueue } from '../../jobs/enqueue';
import { prismaExecutor } from '../../jobs/prisma-executor';
import { EmailTemplateError, renderEmail, type RenderedEmail } from '../render';
import { templates, type TemplateName } from '../templates';
import { unsubscribeHeaders, unsubscribeUrl } from '../unsubscribe';
import { decideDelivery } from './delivery-policy';
import { recordEmailEvent } from './record-email-event';
import { lastAttemptState, recordClaimedAttempt, settleAttempt } from './send-attempt';
import { sendEmailJob } from '../jobs/send-email';

export interface EmailRow {
  id: string;
  template: TemplateName;
  toUserId: string;
  conversationId: string | null;
  status: EmailStatus;
  props: Record<string, unknown>;
  sendAt: Date;
  createdAt: Date;
  updatedAt: Date;
  sendAttempts: number;
}

export interface ClaimSettings {
  appUrl: string;
  authSecret: string;
  digestHour: number;
  /** How long an UNCONFIRMED email waits for SendGrid's events before it is marked failed (default 60 min). */
  unconfirmedHoldMs?: number;
}

export const DEFAULT_UNCONFIRMED_HOLD_MS = 60 * 60_000;

/** A claimed email, ready to hand to SendGrid. */
export interface Claimed {
  emailId: string;
  template: TemplateName;
  to: { email: string; name: string };
  rendered: RenderedEmail;
  headers: Record<string, string> | undefined;
  sandboxMode: boolean;
  /** This attempt's number (email.sendAttempts after the claim). */
  attempt: number;
}

export type ClaimResult =
  | { kind: 'claimed'; claimed: Claimed }
  | { kind: 'done'; outcome: 'cancelled' | 'deferred' | 'failed' | 'skipped' }
  | { kind: 'interrupted'; email: EmailRow };

/**
 * Phase 1 of sending, in one transaction holding the email's row lock: apply the recipient's preferences
 * (cancel / defer / send), build and render the email, and mark it SENDING so no other worker (and no message
 * arriving meanwhile) touches it. Messages that arrive after this start a new email.
 */
export async function claimEmail(tx: DbTx, emailId: string, now: Date, settings: ClaimSettings): Promise<ClaimResult> {
  const [email] = await tx.$queryRaw<EmailRow[]>`
    SELECT id, template, "toUserId", "conversationId", status, props, "sendAt", "createdAt", "updatedAt", "sendAttempts" FROM email WHERE id = ${emailId}::uuid FOR UPDATE`;
  if (!email) return { kind: 'done', outcome: 'skipped' };
  if (email.status === 'SENDING') {
    // Left mid-send by an earlier run. Only an attempt that may have reached SendGrid is held (interrupted); one
    // still CLAIMED never left (the run stopped, or lost its database, before the hand-over): send it again.
    if ((await lastAttemptState(tx, email.id, email.sendAttempts)) !== 'CLAIMED') return { kind: 'interrupted', email };
    const detail = `attempt ${email.sendAttempts} stopped before it was handed to SendGrid (worker stopped or lost its database); nothing was sent, sending again`;
    await settleAttempt(tx, { emailId: email.id, attempt: email.sendAttempts, state: 'NOT_SENT', detail, now });
    await recordEmailEvent(tx, {
      emailId: email.id,
      template: email.template,
      type: 'send-retry',
      detail,
      occurredAt: now,
    });
    email.status = 'QUEUED';
  }
  if (email.status === 'UNCONFIRMED')
    return settleUnconfirmed(tx, email, now, settings.unconfirmedHoldMs ?? DEFAULT_UNCONFIRMED_HOLD_MS);
  // Not queued any more (sent, cancelled by a read…), or deferred: the job for the later time exists already.
  if (email.status !== 'QUEUED' || email.sendAt.getTime() > now.getTime() + 1000)
    return { kind: 'done', outcome: 'skipped' };

  const { policy, compose } = templates[email.template];
  const recipient = await tx.user.findUniqueOrThrow({
    where: { id: email.toUserId },
    include: { emailOptOuts: { select: { purpose: true } } },
  });
  const decision = decideDelivery({
    policy,
    recipient: { ...recipient, optOuts: recipient.emailOptOuts.map((o) => o.purpose) },
    now,
    dueAt: email.sendAt,
    digestHour: settings.digestHour,
  });
  if (decision.action === 'cancel') return finish(tx, email, 'CANCELLED', decision.reason, now);
  if (decision.action === 'defer') {
    await tx.email.update({ where: { id: email.id }, data: { sendAt: decision.until, statusReason: decision.reason } });
    await recordEmailEvent(tx, {
      emailId: email.id,
      template: email.template,
      type: 'deferred',
      detail: `${decision.reason}; now due ${decision.until.toISOString()}`,
      occurredAt: now,
    });
    await enqueue(prismaExecutor(tx), sendEmailJob, { emailId: email.id }, { runAt: decision.until });
    return { kind: 'done', outcome: 'deferred' };
  }

  const composed = compose ? await compose(tx, { email, recipient, appUrl: settings.appUrl }) : { props: email.props };
  if ('cancel' in composed) return finish(tx, email, 'CANCELLED', composed.cancel, now);
  const unsubscribe = policy.purpose
    ? unsubscribeUrl(
        { userId: recipient.id, purpose: policy.purpose },
        { appUrl: settings.appUrl, secret: settings.authSecret },
      )
    : null;
  let rendered: RenderedEmail;
  try {
    rendered = await renderEmail(
      email.template,
      (unsubscribe ? { ...composed.props, unsubscribeUrl: unsubscribe } : composed.props) as never,
    );
  } catch (error) {
    if (error instanceof EmailTemplateError)
      return finish(tx, email, 'FAILED', `could not render: ${error.message}`, now);
    throw error;
  }
  const sandboxMode = recipient.role === 'SYNTHETIC';
  await tx.email.update({
    where: { id: email.id },
    data: {
      status: 'SENDING',
      statusReason: null,
      toAddress: recipient.email,
      sandboxMode,
      sendAttempts: { increment: 1 },
    },
  });
  await recordClaimedAttempt(tx, email.id, email.sendAttempts + 1, now);
  await recordEmailEvent(tx, {
    emailId: email.id,
    template: email.template,
    type: 'sending',
    detail: `attempt ${email.sendAttempts + 1} to ${recipient.email}${sandboxMode ? ' (SendGrid sandbox_mode: synthetic user)' : ''}`,
    occurredAt: now,
  });
  return {
    kind: 'claimed',
    claimed: {
      emailId: email.id,
      template: email.template,
      to: { email: recipient.email, name: recipient.name },
      rendered,
      headers: unsubscribe ? unsubscribeHeaders(unsubscribe) : undefined,
      sandboxMode,
      attempt: email.sendAttempts + 1,
    },
  };
}

async function finish(
  tx: DbTx,
  email: EmailRow,
  status: 'CANCELLED' | 'FAILED',
  reason: string,
  now: Date,
): Promise<ClaimResult> {
  await tx.email.update({ where: { id: email.id }, data: { status, statusReason: reason } });
  const type = status === 'CANCELLED' ? 'cancelled' : 'failed';
  await recordEmailEvent(tx, {
    emailId: email.id,
    template: email.template,
    type,
    detail: reason,
    occurredAt: now,
    status: type,
  });
  return { kind: 'done', outcome: type };
}

/**
 * The bounded end of an unknown outcome: SendGrid sends `processed` (or `dropped`) for every request it accepted,
 * and its events move the email on (lib/email/events). When none came within the hold, the email is marked
 * failed — visibly, counted — and still not resent: without an idempotency key a resend could deliver it twice.
 * A SendGrid event arriving later still moves it on. Before the hold ends, the job has nothing to do.
 */
async function settleUnconfirmed(tx: DbTx, email: EmailRow, now: Date, holdMs: number): Promise<ClaimResult> {
  if (now.getTime() - email.updatedAt.getTime() < holdMs) return { kind: 'done', outcome: 'skipped' };
  const reason = `outcome unknown: SendGrid did not answer and sent no event within ${Math.round(holdMs / 60_000)} min; not resent, as a resend could deliver it twice`;
  return finish(tx, email, 'FAILED', reason, now);
}
