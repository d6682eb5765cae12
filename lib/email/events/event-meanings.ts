import type { EmailStatus } from '../../db/generated/enums';
import type { SendgridEvent } from './sendgrid-event';

/** Statuses a SendGrid event can put an email in. */
export type EventStatus = Extract<EmailStatus, 'SENT' | 'DELIVERED' | 'BOUNCED' | 'BLOCKED' | 'DROPPED'>;

/** Opting out because of an event: SendGrid suppresses the address itself after spam reports and unsubscribes. */
export type OptOutKind = 'spam report' | 'unsubscribe' | 'group unsubscribe';

export interface EventMeaning {
  /** What the event says about this one email; null: nothing (trace only). */
  status: EventStatus | null;
  optOut: OptOutKind | null;
  /** SendGrid's own sentence, quoted so the table can be checked against the source. */
  documented: string;
}

/**
 * What each SendGrid event means for one email, from SendGrid's docs: "Event Webhook reference" (Delivery events,
 * Engagement events; the bounce `type` field) and "Delayed bounces" (a bounce can arrive after `delivered`, when
 * the receiving server accepted the message and bounced it later). Engagement events (open, click, spam report,
 * unsubscribes) can only follow a delivery, so they imply DELIVERED. An event not listed adds to the trace only.
 */
export const eventMeanings: Record<string, EventMeaning> = {
  processed: { status: 'SENT', optOut: null, documented: 'Message has been received and is ready to be delivered.' },
  deferred: { status: 'SENT', optOut: null, documented: 'Receiving server temporarily rejected the message.' },
  delivered: {
    status: 'DELIVERED',
    optOut: null,
    documented: 'Message has been successfully delivered to the receiving server.',
  },
  bounce: {
    status: 'BOUNCED',
    optOut: null,
    documented: 'Receiving server could not or would not accept mail to this recipient permanently.',
  },
  dropped: {
    status: 'DROPPED',
    optOut: null,
    documented:
      'You may see the following drop reasons: Invalid SMTPAPI header, Spam Content, Unsubscribed Address, Bounced Address, Spam Reporting Address, Invalid, Recipient List over Package Quota.',
  },
  open: { status: 'DELIVERED', optOut: null, documented: 'Recipient has opened the HTML message.' },
  click: { status: 'DELIVERED', optOut: null, documented: 'Recipient clicked on a link within the message.' },
  spamreport: { status: 'DELIVERED', optOut: 'spam report', documented: 'Recipient marked message as spam.' },
  unsubscribe: {
    status: 'DELIVERED',
    optOut: 'unsubscribe',
    documented: "Recipient clicked on the 'Opt Out of All Emails' link.",
  },
  group_unsubscribe: {
    status: 'DELIVERED',
    optOut: 'group unsubscribe',
    documented: 'Recipient unsubscribed from a specific group.',
  },
  // Re-subscribing happens in our settings, where the user chose; the event is kept in the trace.
  group_resubscribe: { status: 'DELIVERED', optOut: null, documented: 'Recipient resubscribed to a specific group.' },
};

/** The meaning of one event; `bounce` with `type: "blocked"` is a block ("could not or would not accept the message temporarily"). */
export function meaningOf(event: Pick<SendgridEvent, 'event' | 'type'>): EventMeaning | null {
  if (!Object.hasOwn(eventMeanings, event.event)) return null;
  const meaning = eventMeanings[event.event]!;
  return event.event === 'bounce' && event.type === 'blocked' ? { ...meaning, status: 'BLOCKED' } : meaning;
}

/**
 * How far along an email is. A higher rank overrides a lower one whatever the arrival order: delivered overrides
 * processed/deferred (deferred is not final), and a bounce, block or drop overrides delivered (delayed bounces).
 * Our own pre-SendGrid statuses rank 0, so any SendGrid event settles an interrupted or unconfirmed send.
 */
export const statusRank: Record<EmailStatus, number> = {
  QUEUED: 0,
  SENDING: 0,
  UNCONFIRMED: 0,
  FAILED: 0,
  CANCELLED: 0,
  SENT: 1,
  DELIVERED: 2,
  BOUNCED: 3,
  BLOCKED: 3,
  DROPPED: 3,
};

/** One stored event as the fold sees it. */
export interface FoldEvent {
  event: string;
  type?: string | null;
  /** SendGrid's timestamp, seconds. */
  timestamp: number;
  /** eventKey: breaks exact ties so the result never depends on arrival order. */
  key: string;
  detail: string | null;
}

/**
 * The status SendGrid's events put an email in: the highest-ranked event; among equals, the latest by SendGrid's
 * timestamp (then by key). Null when no event says anything about the status. Pure: the same events in any order
 * give the same answer.
 */
export function settledByEvents(events: readonly FoldEvent[]): { status: EventStatus; cause: FoldEvent } | null {
  let best: { status: EventStatus; cause: FoldEvent } | null = null;
  for (const cause of events) {
    const status = meaningOf({ event: cause.event, type: cause.type ?? undefined })?.status;
    if (!status) continue;
    if (!best) {
      best = { status, cause };
      continue;
    }
    const byRank = statusRank[status] - statusRank[best.status];
    const byTime = cause.timestamp - best.cause.timestamp;
    if (byRank > 0 || (byRank === 0 && (byTime > 0 || (byTime === 0 && cause.key > best.cause.key))))
      best = { status, cause };
  }
  return best;
}

/**
 * The email's next status given its current one and all of SendGrid's events for it, or null for no change.
 * Events never move an email back: an event-derived status (SENT, DELIVERED, BOUNCED…) is replaced only by a
 * settlement of at least its rank.
 */
export function nextStatus(
  current: EmailStatus,
  events: readonly FoldEvent[],
): { status: EventStatus; cause: FoldEvent } | null {
  const settled = settledByEvents(events);
  if (!settled || settled.status === current) return null;
  return statusRank[settled.status] >= statusRank[current] ? settled : null;
}
