import { randomBytes } from 'node:crypto';
import type { Personalization, ValidMail } from './validate';

export type SendgridEventName = 'processed' | 'delivered' | 'bounce' | 'dropped';

export type SendgridEvent = Record<string, unknown> & {
  email: string;
  timestamp: number;
  event: SendgridEventName;
  sg_event_id: string;
  sg_message_id: string;
};

/** What happens to a recipient, decided by its local part: bounce…@ bounces, drop…@ is dropped. */
export function outcomeFor(email: string): 'delivered' | 'bounce' | 'dropped' {
  const local = email.split('@')[0]?.toLowerCase() ?? '';
  if (local.startsWith('bounce')) return 'bounce';
  if (local.startsWith('drop')) return 'dropped';
  return 'delivered';
}

const DETAILS: Record<SendgridEventName, Record<string, unknown>> = {
  processed: {},
  delivered: { response: '250 2.0.0 OK (sandbox)' },
  bounce: {
    type: 'bounce',
    status: '5.1.1',
    reason: '550 5.1.1 The email account that you tried to reach does not exist.',
  },
  dropped: { reason: 'Bounced Address' },
};

/**
 * Two batches, as SendGrid posts them: every recipient's `processed`, then each one's outcome.
 * Custom args sit at the top level of each event (personalization values over message-wide ones);
 * SendGrid's own fields win over a custom arg of the same name.
 */
export function buildEventBatches(
  mail: ValidMail,
  messageId: string,
  now = new Date(),
): [SendgridEvent[], SendgridEvent[]] {
  const timestamp = Math.floor(now.getTime() / 1000);
  const processed: SendgridEvent[] = [];
  const outcomes: SendgridEvent[] = [];
  mail.personalizations.forEach((p: Personalization, pi) => {
    const recipients = [...p.to, ...p.cc, ...p.bcc];
    recipients.forEach((r, ri) => {
      const common = {
        ...mail.customArgs,
        ...p.customArgs,
        email: r.email,
        timestamp,
        sg_message_id: `${messageId}.filter0001p1sbx1-${pi}-${ri}-0`,
        'smtp-id': `<${messageId}@sandbox.sendgrid.local>`,
        ...(mail.categories.length > 0 ? { category: mail.categories } : {}),
      };
      const event = (name: SendgridEventName): SendgridEvent => ({
        ...common,
        ...DETAILS[name],
        event: name,
        sg_event_id: randomBytes(16).toString('base64url'),
      });
      processed.push(event('processed'));
      outcomes.push(event(outcomeFor(r.email)));
    });
  });
  return [processed, outcomes];
}
