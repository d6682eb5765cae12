import type { TraceEmail, TraceMessage, TraceParticipant } from './trace-types';

export type OutcomeTone = 'good' | 'warn' | 'bad' | 'neutral';

export interface MessageOutcome {
  sentence: string;
  tone: OutcomeTone;
}

/** A configured length as people say it: "5 min", "30 s", "1 h 30 min". */
function ruleLength(seconds: number): string {
  const parts = [
    [Math.floor(seconds / 3600), 'h'],
    [Math.floor((seconds % 3600) / 60), 'min'],
    [seconds % 60, 's'],
  ].filter(([n]) => n);
  return parts.map(([n, unit]) => `${n} ${unit}`).join(' ') || '0 s';
}

/**
 * The one sentence that answers "did the other party get it?" for a message row of the support trace:
 * "emailed to Dana 12:03, delivered 12:03", "not emailed: read within 5 min", "not emailed: Dana turned
 * notifications off", "bounced: 550 …". `clock` formats a time in the reader's zone (lib/time/zoned.ts).
 * "read within" states the rule, UNREAD_EMAIL_DELAY_SECONDS (`unreadDelaySeconds`): a message read before the
 * delay ran out is not emailed, however quickly it was read.
 * Emails are the TraceEmails about this message (its unread/new-inquiry email, or a fallback message's email).
 */
export function messageOutcome({
  message,
  emails,
  participants,
  clock,
  unreadDelaySeconds,
}: {
  message: TraceMessage;
  emails: TraceEmail[];
  participants: TraceParticipant[];
  clock: (at: Date) => string;
  /** The configured wait before an unread message is emailed (seconds). */
  unreadDelaySeconds: number;
}): MessageOutcome {
  const recipients = participants.filter((p) => p.id !== message.senderId);
  const recipient = recipients[0];
  const name = recipient?.name ?? 'the other party';
  const own = recipient ? emails.filter((e) => e.toUserId === recipient.id) : emails;
  const email = own.at(-1) ?? emails.at(-1);
  const read = recipient ? message.reads.find((r) => r.readerId === recipient.id) : undefined;
  const readInTime = read && read.readAt.getTime() - message.sentAt.getTime() <= unreadDelaySeconds * 1000;
  const readWithin = readInTime ? `not emailed: read within ${ruleLength(unreadDelaySeconds)}` : null;

  if (email) {
    const to = email.toName;
    const stepAt = (type: string) => email.steps.find((s) => s.type === type)?.occurredAt;
    const sentAt = email.sentAt ?? stepAt('sent');
    switch (email.status) {
      case 'DELIVERED': {
        const deliveredAt = stepAt('delivered');
        return {
          sentence: `emailed to ${to}${sentAt ? ` ${clock(sentAt)}` : ''}, delivered${deliveredAt ? ` ${clock(deliveredAt)}` : ''}`,
          tone: 'good',
        };
      }
      case 'SENT':
        return {
          sentence: `emailed to ${to}${sentAt ? ` ${clock(sentAt)}` : ''}, delivery not confirmed by SendGrid yet`,
          tone: 'warn',
        };
      case 'BOUNCED':
        return { sentence: `bounced: ${email.statusReason ?? 'no reason given by the receiving server'}`, tone: 'bad' };
      case 'DROPPED':
        return { sentence: `dropped by SendGrid: ${email.statusReason ?? 'no reason given'}`, tone: 'bad' };
      case 'FAILED':
        return { sentence: `email to ${to} failed: ${email.statusReason ?? 'no detail'}`, tone: 'bad' };
      case 'SENDING':
        return { sentence: `email to ${to} is being handed to SendGrid`, tone: 'warn' };
      case 'QUEUED':
        return {
          sentence: `email to ${to} due ${clock(email.sendAt)}${email.statusReason ? ` (${email.statusReason})` : ''}`,
          tone: 'warn',
        };
      case 'CANCELLED':
        return { sentence: readWithin ?? `not emailed: ${email.statusReason ?? 'cancelled'}`, tone: 'neutral' };
    }
  }
  if (readWithin) return { sentence: readWithin, tone: 'neutral' };
  if (recipient?.unsubscribedAt)
    return { sentence: `not emailed: ${name} unsubscribed from all emails`, tone: 'neutral' };
  if (recipient?.emailMode === 'OFF')
    return { sentence: `not emailed: ${name} turned notifications off`, tone: 'neutral' };
  if (recipient?.optOuts.length)
    return { sentence: `not emailed: ${name} opted out of ${recipient.optOuts.join(', ')} emails`, tone: 'neutral' };
  return { sentence: `not emailed: no email was scheduled for ${name}`, tone: 'warn' };
}
