/** Whose clock a trace time comes from: the chat vendor's, ours (receipt, our own email steps), or SendGrid's. */
export type TraceClock = 'vendor' | 'ours' | 'sendgrid';

export const CLOCK_LABEL: Record<TraceClock, string> = {
  vendor: 'vendor clock',
  ours: 'our clock',
  sendgrid: 'SendGrid clock',
};

/**
 * Where an email step sits in an email's life when two steps share a time: ours first (queued … sent), then
 * SendGrid's (processed, deferred, delivered or bounce/dropped, then engagement).
 */
const STEP_RANK: Record<string, number> = {
  queued: 0,
  'message-added': 1,
  deferred: 2,
  cancelled: 3,
  sending: 4,
  'send-retry': 5,
  sent: 6,
  failed: 7,
  interrupted: 7,
  processed: 8,
  delivered: 10,
  bounce: 10,
  dropped: 10,
  open: 11,
  click: 12,
  spamreport: 13,
  unsubscribe: 13,
  group_unsubscribe: 13,
};

export const stepRank = (type: string, source: 'app' | 'sendgrid') =>
  STEP_RANK[type] ?? (source === 'sendgrid' ? 9 : 5);

export interface Ordered {
  at: Date;
  clock: TraceClock;
  /** Tie-break inside one time: lower first. */
  rank: number;
}

/**
 * Orders by when each thing happened. SendGrid's event webhook gives `timestamp` in whole Unix seconds
 * (https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/event#event-objects), while our clock
 * keeps milliseconds: a SendGrid time is compared at the second, and within a second of it the step's place in
 * the email's life decides (so "processed" never lands before our "sent" stamped just after it).
 */
export function compareOrdered(a: Ordered, b: Ordered): number {
  const coarse = a.clock === 'sendgrid' || b.clock === 'sendgrid';
  const ta = coarse ? Math.floor(a.at.getTime() / 1000) : a.at.getTime();
  const tb = coarse ? Math.floor(b.at.getTime() / 1000) : b.at.getTime();
  // Our "sent" is stamped when SendGrid's answer arrives, which can fall in the second after SendGrid stamped
  // "processed": within one second either way, the email's life decides.
  if (coarse && Math.abs(ta - tb) <= 1) return a.rank - b.rank || ta - tb;
  return ta - tb || a.rank - b.rank;
}
