import { describe, expect, it } from 'vitest';
import { dateTimeFormat } from './date-format';

describe('dateTimeFormat', () => {
  it('builds each distinct format once and formats as Intl does', () => {
    const a = dateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' });
    expect(dateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' })).toBe(a);
    expect(dateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })).not.toBe(a);
    const at = new Date('2025-01-02T03:04:00Z');
    expect(a.format(at)).toBe(
      new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(
        at,
      ),
    );
  });

  it('throws RangeError for an unknown zone, every time', () => {
    expect(() => dateTimeFormat('en-GB', { timeZone: 'Mars/Olympus' })).toThrow(RangeError);
    expect(() => dateTimeFormat('en-GB', { timeZone: 'Mars/Olympus' })).toThrow(RangeError);
  });
});
