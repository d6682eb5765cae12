import { describe, expect, it } from 'vitest';
import { gap, safeTimeZone, spoken, zonedClock, zonedDateTime } from './zoned';

describe('staff time format', () => {
  const at = new Date('2026-11-30T11:03:05.250Z');

  it('shows the reader’s zone on every timestamp, to the second', () => {
    expect(zonedDateTime(at, 'UTC')).toBe('30 Nov 2026, 11:03:05 UTC');
    expect(zonedDateTime(at, 'Europe/Paris')).toBe('30 Nov 2026, 12:03:05 CET');
    expect(zonedClock(at, 'Europe/Paris')).toBe('12:03');
    expect(safeTimeZone('Not/AZone')).toBe('UTC');
    expect(zonedDateTime(at, 'Not/AZone')).toBe('30 Nov 2026, 11:03:05 UTC');
  });

  it('words gaps as people read them', () => {
    expect(gap(300_000)).toBe('+5 min 0 s');
    expect(gap(400)).toBe('+0.4 s');
    expect(spoken(42_000)).toBe('42 s');
    expect(spoken(7_500_000)).toBe('2 h 5 min');
    expect(spoken(-5)).toBe('0.0 s');
  });
});

describe('wall times', () => {
  it('reads a datetime-local value in the admin’s zone and writes it back', async () => {
    const { fromWallTime, toWallTime } = await import('./zoned');
    expect(fromWallTime('2026-11-30T12:03', 'Europe/Paris')?.toISOString()).toBe('2026-11-30T11:03:00.000Z');
    expect(fromWallTime('2026-07-01T12:00', 'Europe/Paris')?.toISOString()).toBe('2026-07-01T10:00:00.000Z');
    expect(fromWallTime('2026-11-30T12:03', 'UTC')?.toISOString()).toBe('2026-11-30T12:03:00.000Z');
    expect(toWallTime(new Date('2026-11-30T11:03:30Z'), 'Europe/Paris')).toBe('2026-11-30T12:03');
    expect(fromWallTime('yesterday', 'UTC')).toBeNull();
  });
});
