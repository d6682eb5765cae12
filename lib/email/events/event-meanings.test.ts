import { describe, expect, it } from 'vitest';
import type { EmailStatus } from '../../db/generated/enums';
import { eventMeanings, meaningOf, nextStatus, settledByEvents, type FoldEvent } from './event-meanings';

// The status fold over SendGrid's documented events ("Event Webhook reference"; "Delayed bounces"), checked in
// EVERY arrival order: the final status must depend on what happened, never on which request came first.

/** Every event type the reference documents for the Event Webhook (delivery and engagement events). */
const DOCUMENTED = [
  'processed',
  'dropped',
  'deferred',
  'delivered',
  'bounce',
  'open',
  'click',
  'spamreport',
  'unsubscribe',
  'group_unsubscribe',
  'group_resubscribe',
];

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

/** "bounce:blocked" → a bounce event with type blocked; the index is SendGrid's timestamp order (what happened when). */
const events = (names: string[]): FoldEvent[] =>
  names.map((name, i) => {
    const [event, type] = name.split(':');
    return {
      event: event!,
      type: type ?? (event === 'bounce' ? 'bounce' : null),
      timestamp: 1_700_000_000 + i * 60,
      key: `evt-${i}`,
      detail: null,
    };
  });

/** Arrival in the given order, each delivery applied to the status the previous ones left (as the webhook does). */
function arrive(start: EmailStatus, arrived: FoldEvent[]): EmailStatus {
  let status = start;
  for (let i = 1; i <= arrived.length; i++) status = nextStatus(status, arrived.slice(0, i))?.status ?? status;
  return status;
}

// Sequences in the order they HAPPEN (SendGrid timestamps ascending), and the status they mean.
const histories: [string[], EmailStatus][] = [
  [['processed'], 'SENT'],
  [['processed', 'deferred'], 'SENT'],
  [['processed', 'deferred', 'deferred', 'delivered'], 'DELIVERED'],
  [['processed', 'delivered'], 'DELIVERED'],
  [['processed', 'delivered', 'bounce'], 'BOUNCED'],
  [['processed', 'deferred', 'bounce'], 'BOUNCED'],
  [['processed', 'delivered', 'bounce:blocked'], 'BLOCKED'],
  [['processed', 'deferred', 'bounce:blocked'], 'BLOCKED'],
  [['processed', 'dropped'], 'DROPPED'],
  [['dropped'], 'DROPPED'],
  [['processed', 'delivered', 'open', 'click'], 'DELIVERED'],
  [['processed', 'delivered', 'spamreport'], 'DELIVERED'],
  [['processed', 'delivered', 'open', 'unsubscribe'], 'DELIVERED'],
  [['processed', 'delivered', 'group_unsubscribe', 'group_resubscribe'], 'DELIVERED'],
  [['processed', 'delivered', 'open', 'bounce'], 'BOUNCED'],
  // Two final verdicts: the later one by SendGrid's clock wins, whatever arrives last.
  [['processed', 'bounce:blocked', 'bounce'], 'BOUNCED'],
  [['processed', 'bounce', 'bounce:blocked'], 'BLOCKED'],
];

describe('SendGrid event meanings', () => {
  it('has a row for every event type the Event Webhook reference documents, each quoting the doc', () => {
    expect(Object.keys(eventMeanings).sort()).toEqual([...DOCUMENTED].sort());
    for (const meaning of Object.values(eventMeanings)) expect(meaning.documented.length).toBeGreaterThan(10);
  });

  it('reads bounce type "blocked" as BLOCKED and ignores types it does not know', () => {
    expect(meaningOf({ event: 'bounce', type: 'blocked' })?.status).toBe('BLOCKED');
    expect(meaningOf({ event: 'bounce', type: 'bounce' })?.status).toBe('BOUNCED');
    expect(meaningOf({ event: 'constructor' })).toBeNull();
    expect(meaningOf({ event: 'machine_opened' })).toBeNull();
  });

  it('opts out on spam reports and unsubscribes only', () => {
    const optOuts = Object.entries(eventMeanings)
      .filter(([, m]) => m.optOut)
      .map(([name]) => name);
    expect(optOuts.sort()).toEqual(['group_unsubscribe', 'spamreport', 'unsubscribe']);
  });

  describe.each(histories)('%j', (history, expected) => {
    const all = events(history);
    it(`ends ${expected} in every arrival order, from every status we hand over in`, () => {
      expect(settledByEvents(all)?.status).toBe(expected);
      for (const order of permutations(all)) {
        for (const start of ['SENT', 'QUEUED', 'SENDING', 'UNCONFIRMED', 'FAILED'] as const)
          expect(arrive(start, order), `${start} + ${order.map((e) => e.event).join(',')}`).toBe(expected);
      }
    });
  });

  it('never moves an email back: delivered then a late processed or deferred stays delivered', () => {
    expect(nextStatus('DELIVERED', events(['delivered', 'processed']))).toBeNull();
    expect(nextStatus('DELIVERED', events(['delivered', 'deferred']))).toBeNull();
    expect(nextStatus('BOUNCED', events(['bounce', 'delivered']))).toBeNull();
  });

  it('deferred is not final: a delivered after it moves the email on', () => {
    expect(nextStatus('SENT', events(['deferred', 'delivered']))?.status).toBe('DELIVERED');
  });

  it('events that say nothing about status change nothing', () => {
    expect(nextStatus('SENT', events(['unknown_future_event']))).toBeNull();
  });
});
