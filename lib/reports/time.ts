// Reports work in UTC days: a day is [00:00, 24:00) UTC, written 'YYYY-MM-DD'.

export const DAY_MS = 86_400_000;

/** Midnight UTC of the day containing `at`. */
export function startOfUtcDay(at: Date | number): Date {
  const t = typeof at === 'number' ? at : at.getTime();
  return new Date(t - (((t % DAY_MS) + DAY_MS) % DAY_MS));
}

export function addDays(day: Date, days: number): Date {
  return new Date(day.getTime() + days * DAY_MS);
}

/** 'YYYY-MM-DD' of the UTC day containing `at`. */
export function dayKey(at: Date | number): string {
  return startOfUtcDay(at).toISOString().slice(0, 10);
}

/** Midnight UTC of a 'YYYY-MM-DD' string; null when it is not a real calendar day. */
export function parseDay(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const day = new Date(`${value}T00:00:00.000Z`);
  return Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value ? null : day;
}

/** Every UTC day in [from, to), as midnights. */
export function eachDay(from: Date, to: Date): Date[] {
  const days: Date[] = [];
  for (let d = startOfUtcDay(from); d < to; d = addDays(d, 1)) days.push(d);
  return days;
}

export type Granularity = 'day' | 'week' | 'month';

/** Start of the period containing `day`: the day, its ISO week (Monday) or its calendar month. */
export function periodStart(day: Date, granularity: Granularity): Date {
  const d = startOfUtcDay(day);
  if (granularity === 'day') return d;
  if (granularity === 'week') return addDays(d, -((d.getUTCDay() + 6) % 7));
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
}

function nextPeriod(start: Date, granularity: Granularity): Date {
  if (granularity === 'day') return addDays(start, 1);
  if (granularity === 'week') return addDays(start, 7);
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
}

export interface Period {
  /** 'YYYY-MM-DD' of the period's first day inside the range. */
  key: string;
  label: string;
  from: Date;
  to: Date;
}

const monthLabel = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** The periods covering [from, to), each clipped to the range (a range starting mid-week gets a short first week). */
export function periodsOf(from: Date, to: Date, granularity: Granularity): Period[] {
  const periods: Period[] = [];
  for (let start = periodStart(from, granularity); start < to; start = nextPeriod(start, granularity)) {
    const clippedFrom = start < from ? from : start;
    const end = nextPeriod(start, granularity);
    const clippedTo = end > to ? to : end;
    const key = dayKey(clippedFrom);
    const label =
      granularity === 'month' ? monthLabel.format(start) : granularity === 'week' ? `Week of ${dayKey(start)}` : key;
    periods.push({ key, label, from: clippedFrom, to: clippedTo });
  }
  return periods;
}
