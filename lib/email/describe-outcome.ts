import type { EmailStatus } from '../db/generated/enums';

/**
 * One line for support and reports: an email's final status and why, e.g. "bounced: 550 5.1.1 No such user ·
 * status 5.1.1", "blocked: …", "unconfirmed: no answer: ETIMEDOUT …", "delivered". The reason is the one the
 * status change recorded (SendGrid's event for bounced/blocked/dropped; ours for failed/cancelled/unconfirmed).
 */
export function describeEmailOutcome(email: { status: EmailStatus; statusReason: string | null }): string {
  const status = email.status.toLowerCase();
  return email.statusReason ? `${status}: ${email.statusReason}` : status;
}

/** A recipient's opt-out as shown in their settings and the support trace, e.g. "opted out: spam report (SendGrid) on 2026-11-30". */
export function describeOptOut(optOut: { scope: string; reason: string | null; since: Date }): string {
  return `opted out of ${optOut.scope}: ${optOut.reason ?? `unsubscribe link on ${optOut.since.toISOString().slice(0, 10)}`}`;
}
