import type { EmailMode, Role } from '../../db/generated/enums';
import type { UnsubscribePurpose } from '../unsubscribe';
import { dateTimeFormat } from '../../time/date-format';
import { inQuietHours, nextLocalTime } from './local-time';
import type { TemplatePolicy } from '../templates/definition';

export interface RecipientPreferences {
  role: Role;
  emailMode: EmailMode;
  quietStartMin: number | null;
  quietEndMin: number | null;
  timeZone: string;
  unsubscribedAt: Date | null;
  /** Purposes unsubscribed one-click (email_opt_out). */
  optOuts: readonly string[];
}

export type DeliveryDecision =
  { action: 'send' } | { action: 'defer'; until: Date; reason: string } | { action: 'cancel'; reason: string };

export interface DecisionInput {
  policy: TemplatePolicy;
  recipient: RecipientPreferences;
  now: Date;
  /** When the email is due: a digest-mode recipient gets it at the first digest hour at or after this. */
  dueAt: Date;
  digestHour: number;
}

const validZone = (zone: string) => {
  try {
    dateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC';
  }
};

/** Whether to send an email now, later, or never, given the recipient's preferences. Transactional mail always goes. */
export function decideDelivery({ policy, recipient, now, dueAt, digestHour }: DecisionInput): DeliveryDecision {
  const purpose: UnsubscribePurpose | null = policy.purpose;
  if (!purpose) return { action: 'send' };
  if (recipient.unsubscribedAt)
    return {
      action: 'cancel',
      reason: `recipient unsubscribed from all notification emails on ${recipient.unsubscribedAt.toISOString()}`,
    };
  if (recipient.optOuts.includes('all-notifications'))
    return { action: 'cancel', reason: 'recipient unsubscribed from all notification emails' };
  if (recipient.optOuts.includes(purpose))
    return { action: 'cancel', reason: `recipient unsubscribed from ${purpose} emails` };
  if (recipient.emailMode === 'OFF') return { action: 'cancel', reason: 'recipient turned email notifications off' };

  const zone = validZone(recipient.timeZone);
  if (recipient.emailMode === 'DIGEST' && policy.digestible) {
    // "At or after" (not strictly after): once deferred to the slot, the slot itself is due, so it is sent then.
    const slot = nextLocalTime(new Date(dueAt.getTime() - 1), digestHour * 60, zone);
    if (now < slot)
      return {
        action: 'defer',
        until: slot,
        reason: `recipient gets a daily digest at ${String(digestHour).padStart(2, '0')}:00 ${zone}`,
      };
  }
  const { quietStartMin, quietEndMin } = recipient;
  if (
    quietStartMin !== null &&
    quietEndMin !== null &&
    inQuietHours(now, { startMin: quietStartMin, endMin: quietEndMin }, zone)
  ) {
    return {
      action: 'defer',
      until: nextLocalTime(now, quietEndMin, zone),
      reason: `quiet hours ${hhmm(quietStartMin)}–${hhmm(quietEndMin)} ${zone}`,
    };
  }
  return { action: 'send' };
}

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
