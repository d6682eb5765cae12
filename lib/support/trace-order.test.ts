import { describe, expect, it } from 'vitest';
import { compareOrdered, stepRank, type Ordered } from './trace-order';

const step = (type: string, source: 'app' | 'sendgrid', iso: string): Ordered & { type: string } => ({
  type,
  at: new Date(iso),
  clock: source === 'sendgrid' ? 'sendgrid' : 'ours',
  rank: stepRank(type, source),
});

describe('trace order', () => {
  it('puts an email’s steps in the order they happened although SendGrid’s clock has whole seconds', () => {
    const steps = [
      step('processed', 'sendgrid', '2026-11-30T12:03:05.000Z'),
      step('delivered', 'sendgrid', '2026-11-30T12:03:06.000Z'),
      step('queued', 'app', '2026-11-30T12:03:00.100Z'),
      step('sending', 'app', '2026-11-30T12:03:05.200Z'),
      step('sent', 'app', '2026-11-30T12:03:05.700Z'),
    ];
    expect(steps.sort(compareOrdered).map((s) => s.type)).toEqual([
      'queued',
      'sending',
      'sent',
      'processed',
      'delivered',
    ]);
  });

  it('orders by time first', () => {
    const late = step('processed', 'sendgrid', '2026-11-30T12:04:00.000Z');
    const early = step('sent', 'app', '2026-11-30T12:03:59.000Z');
    expect([late, early].sort(compareOrdered)).toEqual([early, late]);
  });
});
