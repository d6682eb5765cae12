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
    messageOutcome({ message: m, emails, participants, clock }).sentence;

  it('says who was emailed, when, and when it was delivered', () => {
    expect(say(message(), [email('DELIVERED')])).toBe('emailed to Dana 12:00, delivered 12:01');
    expect(say(message(), [email('BOUNCED', { statusReason: '550 5.1.1 mailbox unavailable' })])).toBe(
      'bounced: 550 5.1.1 mailbox unavailable',
    );
  });

  it('gives the reason when nobody was emailed', () => {
    expect(say(message([{ readerId: 'dana', readAt: t(300) }]), [])).toBe('not emailed: read within 5 min 0 s');
    expect(
      say(message([{ readerId: 'dana', readAt: t(30) }]), [email('CANCELLED', { statusReason: 'read at …' })]),
    ).toBe('not emailed: read within 30 s');
    expect(say(message(), [], [people[0]!, person('dana', 'Dana', 'designer', { emailMode: 'OFF' })])).toBe(
      'not emailed: Dana turned notifications off',
    );
    expect(say(message(), [], [people[0]!, person('dana', 'Dana', 'designer', { unsubscribedAt: t(0) })])).toBe(
      'not emailed: Dana unsubscribed from all emails',
    );
  });
});
