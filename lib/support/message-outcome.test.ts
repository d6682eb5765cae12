import { describe, expect, it } from 'vitest';
import { messageOutcome } from './message-outcome';
import type { TraceEmail, TraceMessage, TraceParticipant } from './trace-types';

const t = (s: number) => new Date(Date.UTC(2026, 10, 30, 12, 0, s));
const clock = (at: Date) => at.toISOString().slice(11, 16);
const person = (
  id: string,
  name: string,
  side: 'client' | 'designer',
  extra: Partial<TraceParticipant> = {},
): TraceParticipant => ({
  id,
  name,
  email: `${id}@x.test`,
  role: side === 'client' ? 'CLIENT' : 'DESIGNER',
  side,
  emailMode: 'IMMEDIATE',
  quietHours: null,
  timeZone: 'UTC',
  unsubscribedAt: null,
  optOuts: [],
  ...extra,
});
const message = (reads: TraceMessage['reads'] = []): TraceMessage => ({
  id: 'm1',
  vendorMessageId: 'v1',
  senderId: 'clara',
  senderName: 'Clara',
  text: 'hi',
  sentAt: t(0),
  source: 'WEBHOOK',
  idempotencyKey: null,
  receivedAt: t(1),
  lagSeconds: 1,
  reads,
  emails: [],
  editedAt: null,
  deletedAt: null,
});
const email = (status: TraceEmail['status'], extra: Partial<TraceEmail> = {}): TraceEmail => ({
  id: 'e1',
  template: 'new-inquiry',
  toUserId: 'dana',
  toName: 'Dana',
  status,
  statusReason: null,
  outcome: '',
  createdAt: t(1),
  sendAt: t(1),
  sentAt: t(2),
  sandboxMode: false,
  providerMessageId: null,
  messageIds: ['v1'],
  steps: [
    { type: 'sent', source: 'app', occurredAt: t(2), detail: null },
    { type: 'delivered', source: 'sendgrid', occurredAt: t(64), detail: null },
  ],
  ...extra,
});

describe('messageOutcome', () => {
  const people = [person('clara', 'Clara', 'client'), person('dana', 'Dana', 'designer')];
  const say = (m: TraceMessage, emails: TraceEmail[], participants = people) =>
    messageOutcome({ message: m, emails, participants, clock, unreadDelaySeconds: 300 }).sentence;

  it('says who was emailed, when, and when it was delivered', () => {
    expect(say(message(), [email('DELIVERED')])).toBe('emailed to Dana 12:00, delivered 12:01');
    expect(say(message(), [email('BOUNCED', { statusReason: '550 5.1.1 mailbox unavailable' })])).toBe(
      'bounced: 550 5.1.1 mailbox unavailable',
    );
  });

  it('gives the reason when nobody was emailed', () => {
    // "read within" states the rule (the configured 5 min delay), not how quickly it was read.
    expect(say(message([{ readerId: 'dana', readAt: t(300) }]), [])).toBe('not emailed: read within 5 min');
    expect(
      say(message([{ readerId: 'dana', readAt: t(30) }]), [email('CANCELLED', { statusReason: 'read at …' })]),
    ).toBe('not emailed: read within 5 min');
    const withDelay = (seconds: number) =>
      messageOutcome({
        message: message([{ readerId: 'dana', readAt: t(20) }]),
        emails: [],
        participants: people,
        clock,
        unreadDelaySeconds: seconds,
      }).sentence;
    expect(withDelay(90)).toBe('not emailed: read within 1 min 30 s');
    expect(withDelay(5400)).toBe('not emailed: read within 1 h 30 min');
    // Read after the delay ran out: reading is not why no email went; the trace says what is known instead.
    expect(say(message([{ readerId: 'dana', readAt: t(600) }]), [])).toBe(
      'not emailed: no email was scheduled for Dana',
    );
    expect(say(message(), [], [people[0]!, person('dana', 'Dana', 'designer', { emailMode: 'OFF' })])).toBe(
      'not emailed: Dana turned notifications off',
    );
    expect(say(message(), [], [people[0]!, person('dana', 'Dana', 'designer', { unsubscribedAt: t(0) })])).toBe(
      'not emailed: Dana unsubscribed from all emails',
    );
  });
});
