import { compareOrdered, stepRank } from './trace-order';
import type { TimelineItem, TraceEmail, TraceMessage, TraceParticipant, TraceVendorEvent } from './trace-types';

const GOOD_STEPS = new Set(['sent', 'processed', 'delivered']);
const BAD_STEPS = new Set(['failed', 'bounce', 'dropped', 'spamreport']);
const WARN_STEPS = new Set([
  'cancelled',
  'deferred',
  'send-retry',
  'interrupted',
  'unconfirmed',
  'opted-out',
  'unsubscribe',
  'group_unsubscribe',
]);

const eventTone: Record<TraceVendorEvent['status'], TimelineItem['tone']> = {
  PROCESSED: 'good',
  IGNORED: 'neutral',
  RECEIVED: 'warn',
  UNMATCHED: 'bad',
  FAILED: 'bad',
};

export const excerpt = (text: string, max = 120) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** One chronological list of everything that happened in a conversation: what support reads top to bottom. */
export function buildTimeline(input: {
  events: TraceVendorEvent[];
  messages: TraceMessage[];
  emails: TraceEmail[];
  participants: TraceParticipant[];
}): TimelineItem[] {
  const nameOf = (id: string) => input.participants.find((p) => p.id === id)?.name ?? id;
  // Within one instant: the message, then its webhook, its read, then email steps in their life order.
  const ranked: { item: TimelineItem; rank: number }[] = [];
  const push = (item: TimelineItem, rank: number) => ranked.push({ item, rank });
  for (const e of input.events) {
    // The vendor's own time is shown as the lag to our receipt, so every time on the page is one format.
    const facts = [
      `sent by the vendor ${e.lagSeconds.toFixed(1)} s before`,
      e.status.toLowerCase(),
      e.attempts > 1 ? `${e.attempts} attempts` : null,
      e.lastError,
    ].filter(Boolean);
    push(
      {
        at: e.receivedAt,
        clock: 'ours',
        kind: 'vendor-event',
        title: `Webhook ${e.type} received${e.source === 'RECONCILED' ? ' (backfilled by reconciliation)' : ''}`,
        detail: facts.join(' · '),
        tone: eventTone[e.status],
      },
      100,
    );
  }
  for (const m of input.messages) {
    push(
      {
        at: m.sentAt,
        clock: 'vendor',
        kind: 'message',
        title: `Message from ${m.senderName}`,
        detail: excerpt(m.text) + (m.idempotencyKey ? ` (key ${m.idempotencyKey})` : ''),
        tone: 'neutral',
      },
      0,
    );
    for (const r of m.reads)
      push(
        {
          at: r.readAt,
          clock: 'vendor',
          kind: 'read',
          title: `Read by ${nameOf(r.readerId)}`,
          detail: excerpt(m.text, 60),
          tone: 'neutral',
        },
        200,
      );
  }
  for (const email of input.emails) {
    for (const step of email.steps) {
      const tone = GOOD_STEPS.has(step.type)
        ? 'good'
        : BAD_STEPS.has(step.type)
          ? 'bad'
          : WARN_STEPS.has(step.type)
            ? 'warn'
            : 'neutral';
      const by = step.source === 'sendgrid' ? ' (SendGrid)' : '';
      push(
        {
          at: step.occurredAt,
          clock: step.source === 'sendgrid' ? 'sendgrid' : 'ours',
          kind: 'email',
          title: `Email ${email.template} to ${email.toName}: ${step.type}${by}`,
          detail: step.detail,
          tone,
        },
        300 + stepRank(step.type, step.source),
      );
    }
  }
  return ranked
    .sort((a, b) => compareOrdered({ ...a.item, rank: a.rank }, { ...b.item, rank: b.rank }))
    .map((r) => r.item);
}
