import { describe, expect, it } from 'vitest';
import { decideDelivery, type RecipientPreferences } from './delivery-policy';
import { inQuietHours, nextLocalTime } from './local-time';
import { templates } from '../templates';

const base: RecipientPreferences = {
  role: 'CLIENT',
  emailMode: 'IMMEDIATE',
  quietStartMin: null,
  quietEndMin: null,
  timeZone: 'UTC',
  unsubscribedAt: null,
  optOuts: [],
};
const at = (iso: string) => new Date(iso);
const decide = (
  recipient: Partial<RecipientPreferences>,
  now: string,
  template: keyof typeof templates = 'unread-messages',
  dueAt = now,
) =>
  decideDelivery({
    policy: templates[template].policy,
    recipient: { ...base, ...recipient },
    now: at(now),
    dueAt: at(dueAt),
    digestHour: 8,
  });

describe('local time', () => {
  it('finds the next local wall-clock time, across midnight and in other zones', () => {
    expect(nextLocalTime(at('2030-01-01T23:00:00Z'), 7 * 60, 'UTC').toISOString()).toBe('2030-01-02T07:00:00.000Z');
    expect(nextLocalTime(at('2030-01-01T05:00:00Z'), 7 * 60, 'UTC').toISOString()).toBe('2030-01-01T07:00:00.000Z');
    expect(nextLocalTime(at('2030-01-01T07:00:00Z'), 7 * 60, 'UTC').toISOString()).toBe('2030-01-02T07:00:00.000Z');
    // Berlin is UTC+1 in January, UTC+2 in July.
    expect(nextLocalTime(at('2030-01-01T10:00:00Z'), 8 * 60, 'Europe/Berlin').toISOString()).toBe(
      '2030-01-02T07:00:00.000Z',
    );
    expect(nextLocalTime(at('2030-07-01T10:00:00Z'), 8 * 60, 'Europe/Berlin').toISOString()).toBe(
      '2030-07-02T06:00:00.000Z',
    );
    // New York, the day DST starts (2030-03-10): 08:00 EDT is 12:00 UTC.
    expect(nextLocalTime(at('2030-03-10T05:00:00Z'), 8 * 60, 'America/New_York').toISOString()).toBe(
      '2030-03-10T12:00:00.000Z',
    );
  });

  it('tells whether a time is inside quiet hours, including windows that wrap midnight', () => {
    const night = { startMin: 22 * 60, endMin: 7 * 60 };
    expect(inQuietHours(at('2030-01-01T23:30:00Z'), night, 'UTC')).toBe(true);
    expect(inQuietHours(at('2030-01-01T06:59:00Z'), night, 'UTC')).toBe(true);
    expect(inQuietHours(at('2030-01-01T07:00:00Z'), night, 'UTC')).toBe(false);
    expect(inQuietHours(at('2030-01-01T12:00:00Z'), { startMin: 12 * 60, endMin: 13 * 60 }, 'UTC')).toBe(true);
    expect(inQuietHours(at('2030-01-01T12:00:00Z'), { startMin: 600, endMin: 600 }, 'UTC')).toBe(false);
  });
});

describe('decideDelivery', () => {
  it('sends notification emails at once by default', () => {
    expect(decide({}, '2030-01-01T12:00:00Z')).toEqual({ action: 'send' });
  });

  it('cancels for emailMode OFF, a one-click unsubscribe of that kind, or of everything', () => {
    expect(decide({ emailMode: 'OFF' }, '2030-01-01T12:00:00Z')).toMatchObject({
      action: 'cancel',
      reason: 'recipient turned email notifications off',
    });
    expect(decide({ optOuts: ['unread-messages'] }, '2030-01-01T12:00:00Z')).toMatchObject({
      action: 'cancel',
      reason: 'recipient unsubscribed from unread-messages emails',
    });
    expect(decide({ optOuts: ['unread-messages'] }, '2030-01-01T12:00:00Z', 'new-inquiry')).toEqual({ action: 'send' });
    expect(decide({ unsubscribedAt: at('2029-12-01T00:00:00Z') }, '2030-01-01T12:00:00Z', 'new-inquiry')).toMatchObject(
      { action: 'cancel' },
    );
  });

  it('defers to the end of quiet hours in the recipient’s zone', () => {
    expect(
      decide({ quietStartMin: 22 * 60, quietEndMin: 7 * 60, timeZone: 'Europe/Berlin' }, '2030-01-01T22:30:00Z'),
    ).toEqual({
      action: 'defer',
      until: at('2030-01-02T06:00:00Z'),
      reason: 'quiet hours 22:00–07:00 Europe/Berlin',
    });
  });

  it('holds unread-messages for digest users until the digest hour, then sends it', () => {
    expect(
      decide({ emailMode: 'DIGEST' }, '2030-01-01T12:05:00Z', 'unread-messages', '2030-01-01T12:05:00Z'),
    ).toMatchObject({ action: 'defer', until: at('2030-01-02T08:00:00Z') });
    expect(decide({ emailMode: 'DIGEST' }, '2030-01-02T08:00:00Z', 'unread-messages', '2030-01-02T08:00:00Z')).toEqual({
      action: 'send',
    });
    // New inquiries are not digested.
    expect(decide({ emailMode: 'DIGEST' }, '2030-01-01T12:05:00Z', 'new-inquiry')).toEqual({ action: 'send' });
  });

  // Europe/Berlin: CET (UTC+1) → CEST (UTC+2) at 01:00 UTC on 2030-03-31, back at 01:00 UTC on 2030-10-27.
  // America/New_York: EST (UTC−5) → EDT (UTC−4) at 07:00 UTC on 2030-03-10, back at 06:00 UTC on 2030-11-03.
  it('defers quiet hours to their local end across both DST transitions', () => {
    const berlin = { quietStartMin: 22 * 60, quietEndMin: 7 * 60, timeZone: 'Europe/Berlin' };
    const reason = 'quiet hours 22:00–07:00 Europe/Berlin';
    // 23:30 CET the night the clocks go forward: 07:00 the next morning is CEST, 05:00 UTC.
    expect(decide(berlin, '2030-03-30T22:30:00Z')).toEqual({
      action: 'defer',
      until: at('2030-03-31T05:00:00Z'),
      reason,
    });
    // 23:30 CEST the night they go back: 07:00 the next morning is CET, 06:00 UTC.
    expect(decide(berlin, '2030-10-26T21:30:00Z')).toEqual({
      action: 'defer',
      until: at('2030-10-27T06:00:00Z'),
      reason,
    });
    // Right after each switch, the window still follows the wall clock: 06:59 is quiet, 07:00 is not.
    expect(decide(berlin, '2030-03-31T04:59:00Z')).toMatchObject({
      action: 'defer',
      until: at('2030-03-31T05:00:00Z'),
    });
    expect(decide(berlin, '2030-03-31T05:00:00Z')).toEqual({ action: 'send' });
    expect(decide(berlin, '2030-10-27T05:59:00Z')).toMatchObject({
      action: 'defer',
      until: at('2030-10-27T06:00:00Z'),
    });
    expect(decide(berlin, '2030-10-27T06:00:00Z')).toEqual({ action: 'send' });
    // The hour that repeats on 2030-10-27 (02:00–03:00 local) is inside the window both times.
    expect(
      inQuietHours(
        at('2030-10-27T00:30:00Z'),
        { startMin: berlin.quietStartMin, endMin: berlin.quietEndMin },
        berlin.timeZone,
      ),
    ).toBe(true);
    expect(
      inQuietHours(
        at('2030-10-27T01:30:00Z'),
        { startMin: berlin.quietStartMin, endMin: berlin.quietEndMin },
        berlin.timeZone,
      ),
    ).toBe(true);
  });

  it('holds a digest until the digest hour in the recipient’s zone, across both DST transitions', () => {
    const ny = { emailMode: 'DIGEST' as const, timeZone: 'America/New_York' };
    // Noon EST the day before DST starts: 08:00 the next day is EDT, 12:00 UTC (not 13:00).
    expect(decide(ny, '2030-03-09T17:00:00Z')).toMatchObject({ action: 'defer', until: at('2030-03-10T12:00:00Z') });
    // Noon EDT the day before it ends: 08:00 the next day is EST, 13:00 UTC (not 12:00).
    expect(decide(ny, '2030-11-02T16:00:00Z')).toMatchObject({ action: 'defer', until: at('2030-11-03T13:00:00Z') });
    expect(decide(ny, '2030-11-03T13:00:00Z')).toEqual({ action: 'send' });
    // A digest hour the spring jump skips (02:00 in New York on 2030-03-10) still happens that day, just after the jump.
    expect(nextLocalTime(at('2030-03-10T05:00:00Z'), 2 * 60, 'America/New_York').toISOString()).toBe(
      '2030-03-10T07:00:00.000Z',
    );
    // One that happens twice (02:30 in Berlin on 2030-10-27) is due the first time.
    expect(nextLocalTime(at('2030-10-27T00:00:00Z'), 150, 'Europe/Berlin').toISOString()).toBe(
      '2030-10-27T00:30:00.000Z',
    );
  });

  it('sends transactional mail whatever the preferences (password reset, fallback delivery of a message)', () => {
    const everythingOff = {
      emailMode: 'OFF' as const,
      unsubscribedAt: at('2029-01-01T00:00:00Z'),
      quietStartMin: 0,
      quietEndMin: 1439,
      optOuts: ['all-notifications'],
    };
    expect(decide(everythingOff, '2030-01-01T12:00:00Z', 'password-reset')).toEqual({ action: 'send' });
    expect(decide(everythingOff, '2030-01-01T12:00:00Z', 'fallback-message')).toEqual({ action: 'send' });
  });

  it('falls back to UTC for a time zone the runtime does not know', () => {
    expect(
      decide({ quietStartMin: 22 * 60, quietEndMin: 7 * 60, timeZone: 'Mars/Olympus' }, '2030-01-01T23:00:00Z'),
    ).toMatchObject({ action: 'defer', until: at('2030-01-02T07:00:00Z') });
  });
});
