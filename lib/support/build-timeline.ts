import type { TimelineItem, TraceEmail, TraceMessage, TraceParticipant, TraceVendorEvent } from './trace-types';

const GOOD_STEPS = new Set(['sent', 'processed', 'delivered']);
const BAD_STEPS = new Set(['failed', 'bounce', 'dropped', 'spamreport']);
const WARN_STEPS = new Set(['cancelled', 'deferred', 'send-retry', 'interrupted', 'unconfirmed', 'opted-out', 'unsubscribe', 'group_unsubscribe']);

const eventTone: Record<TraceVendorEvent['status'], TimelineItem['tone']> = { PROCESSED: 'good', IGNORED: 'neutral', RECEIVED: 'warn', UNMATCHED: 'bad', FAILED: 'bad' };

export const excerpt = (text: string, max = 120) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** One chronological list of everything that happened in a conversation: what support reads top to bottom. */
export function buildTimeline(input: { events: TraceVendorEvent[]; messages: TraceMessage[]; emails: TraceEmail[]; participants: TraceParticipant[] }): TimelineItem[] {
  const nameOf = (id: string) => input.participants.find((p) => p.id === id)?.name ?? id;
  const items: TimelineItem[] = [];
  for (const e of input.events) {
    const facts = [`vendor time ${e.occurredAt.toISOString()}`, `lag ${e.lagSeconds.toFixed(1)} s`, e.status.toLowerCase(), e.attempts > 1 ? `${e.attempts} attempts` : null, e.lastError].filter(Boolean);
    items.push({ at: e.receivedAt, kind: 'vendor-event', title: `Webhook ${e.type} received${e.source === 'RECONCILED' ? ' (backfilled by reconciliation)' : ''}`, detail: facts.join(' · '), tone: eventTone[e.status] });
  }
  for (const m of input.messages) {
    items.push({ at: m.sentAt, kind: 'message', title: `Message from ${m.senderName}`, detail: excerpt(m.text) + (m.idempotencyKey ? ` (key ${m.idempotencyKey})` : ''), tone: 'neutral' });
    for (const r of m.reads) items.push({ at: r.readAt, kind: 'read', title: `Read by ${nameOf(r.readerId)}`, detail: excerpt(m.text, 60), tone: 'neutral' });
  }
  for (const email of input.emails) {
    for (const step of email.steps) {
      const tone = GOOD_STEPS.has(step.type) ? 'good' : BAD_STEPS.has(step.type) ? 'bad' : WARN_STEPS.has(step.type) ? 'warn' : 'neutral';
      const by = step.source === 'sendgrid' ? ' (SendGrid)' : '';
      items.push({ at: step.occurredAt, kind: 'email', title: `Email ${email.template} to ${email.toName}: ${step.type}${by}`, detail: step.detail, tone });
    }
  }
  const order = { message: 0, 'vendor-event': 1, read: 2, email: 3 } as const;
  return items.sort((a, b) => a.at.getTime() - b.at.getTime() || order[a.kind] - order[b.kind]);
}
