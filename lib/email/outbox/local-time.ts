// Wall-clock arithmetic in a user's IANA time zone with Intl only (no date library on the server path).

import { dateTimeFormat } from '../../time/date-format';

const MINUTES_PER_DAY = 24 * 60;

function parts(at: Date, timeZone: string) {
  const fields = dateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at);
  const get = (type: string) => Number(fields.find((f) => f.type === type)?.value ?? 0);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

/** Minutes after local midnight in `timeZone`. */
export function minuteOfDay(at: Date, timeZone: string): number {
  const p = parts(at, timeZone);
  return p.hour * 60 + p.minute;
}

/** Offset of `timeZone` from UTC at `at`, in milliseconds. */
function offsetMs(at: Date, timeZone: string): number {
  const p = parts(at, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(at.getTime() / 1000) * 1000;
}

const DAY_MS = MINUTES_PER_DAY * 60_000;

/**
 * The instant a local date and minute-of-day happen in `timeZone`. Tried with the zone's offset a day before and
 * a day after (DST changes are months apart): a time that happens twice (clocks going back) gives the earlier
 * instant; a time skipped by a jump forward resolves just after the jump (the offset from before it).
 */
function localToInstant(year: number, month: number, day: number, minute: number, timeZone: string): Date {
  const guess = Date.UTC(year, month - 1, day, 0, minute);
  const before = guess - offsetMs(new Date(guess - DAY_MS), timeZone);
  const after = guess - offsetMs(new Date(guess + DAY_MS), timeZone);
  const real = [before, after].filter((t) => minuteOfDay(new Date(t), timeZone) === minute);
  return new Date(real.length > 0 ? Math.min(...real) : before);
}

/** The first instant strictly after `after` whose local time in `timeZone` is `minute` after midnight. */
export function nextLocalTime(after: Date, minute: number, timeZone: string): Date {
  const p = parts(after, timeZone);
  for (let dayOffset = 0; dayOffset <= 2; dayOffset++) {
    const candidate = localToInstant(p.year, p.month, p.day + dayOffset, minute % MINUTES_PER_DAY, timeZone);
    if (candidate.getTime() > after.getTime()) return candidate;
  }
  throw new Error(`no local ${minute} min in ${timeZone} after ${after.toISOString()}`);
}

/** Whether `at` falls in the quiet window [start, end) of local minutes; a window may wrap midnight; equal bounds mean none. */
export function inQuietHours(at: Date, window: { startMin: number; endMin: number }, timeZone: string): boolean {
  const { startMin, endMin } = window;
  if (startMin === endMin) return false;
  const now = minuteOfDay(at, timeZone);
  return startMin < endMin ? now >= startMin && now < endMin : now >= startMin || now < endMin;
}
