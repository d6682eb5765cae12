import { z } from 'zod';
import { ValidationError } from '../errors';
import { addDays, dayKey, parseDay, startOfUtcDay, type Granularity } from './time';

/** A report covers at most this many days (a leap year). */
export const MAX_RANGE_DAYS = 366;

export const PRESETS = {
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
  'last-month': 'Last month',
} as const;
export type Preset = keyof typeof PRESETS;

export interface ReportQuery {
  /** Midnight UTC of the first day. */
  from: Date;
  /** Midnight UTC after the last day (exclusive). */
  to: Date;
  /** The days as the person chose them, both inclusive. */
  fromDay: string;
  toDay: string;
  days: number;
  granularity: Granularity;
  /** Null: the configured chat vendor. */
  vendor: string | null;
  preset: Preset | null;
}

/** What a downloaded or written report is called: vendor and range, so files from several escalations do not collide. */
export function reportFileName(
  vendor: string,
  query: Pick<ReportQuery, 'fromDay' | 'toDay'>,
  extension: 'csv' | 'pdf',
): string {
  return `chatwatch-report-${vendor}-${query.fromDay}-to-${query.toDay}.${extension}`;
}

const day = z
  .string()
  .trim()
  .refine((v) => parseDay(v) !== null, 'Use a date like 2026-03-01.');

export const reportQuerySchema = z.object({
  preset: z.enum(Object.keys(PRESETS) as [Preset, ...Preset[]]).optional(),
  from: day.optional(),
  to: day.optional(),
  granularity: z.enum(['day', 'week', 'month']).default('day'),
  vendor: z
    .string()
    .trim()
    .regex(/^[a-z0-9_-]{1,40}$/, 'Unknown vendor.')
    .optional(),
});

/** The days of a preset, relative to today (UTC): the last N days end today; last month is the previous calendar month. */
export function presetRange(preset: Preset, now: Date): { from: Date; toInclusive: Date } {
  const today = startOfUtcDay(now);
  if (preset === 'last-month') {
    const first = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1));
    const last = addDays(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1)), -1);
    return { from: first, toInclusive: last };
  }
  const days = { '7d': 7, '30d': 30, '90d': 90 }[preset];
  return { from: addDays(today, -(days - 1)), toInclusive: today };
}

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);
const blankToUndefined = (value: unknown) => (value === '' ? undefined : value);

/**
 * Parses a report's query (page search params, CSV/PDF links, the CLI). Explicit dates win over a preset; with
 * neither, the last 30 days. Throws ValidationError with a message a person can act on.
 */
export function parseReportQuery(input: Record<string, unknown> | URLSearchParams, now = new Date()): ReportQuery {
  const entries = input instanceof URLSearchParams ? Object.fromEntries(input) : input;
  const cleaned = Object.fromEntries(
    ['preset', 'from', 'to', 'granularity', 'vendor'].map((key) => [key, blankToUndefined(first(entries[key]))]),
  );
  const parsed = reportQuerySchema.safeParse(cleaned);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error, 'Please correct the report settings.');
  const { preset, granularity, vendor } = parsed.data;
  let from: Date;
  let toInclusive: Date;
  if (parsed.data.from || parsed.data.to) {
    if (!parsed.data.from || !parsed.data.to)
      throw new ValidationError('Give both a start and an end date.', {
        [parsed.data.from ? 'to' : 'from']: ['Required with the other date.'],
      });
    from = parseDay(parsed.data.from)!;
    toInclusive = parseDay(parsed.data.to)!;
  } else {
    ({ from, toInclusive } = presetRange(preset ?? '30d', now));
  }
  if (from > toInclusive)
    throw new ValidationError('The start date must be on or before the end date.', {
      from: [`${dayKey(from)} is after ${dayKey(toInclusive)}.`],
    });
  const days = Math.round((toInclusive.getTime() - from.getTime()) / 86_400_000) + 1;
  if (days > MAX_RANGE_DAYS)
    throw new ValidationError(`A report covers at most ${MAX_RANGE_DAYS} days; this range has ${days}.`, {
      to: [`Choose an end date within ${MAX_RANGE_DAYS} days of the start.`],
    });
  const explicit = Boolean(parsed.data.from);
  return {
    from,
    to: addDays(toInclusive, 1),
    fromDay: dayKey(from),
    toDay: dayKey(toInclusive),
    days,
    granularity,
    vendor: vendor ?? null,
    preset: explicit ? null : (preset ?? '30d'),
  };
}

/** The query string that reproduces a report (for the CSV and PDF links). */
export function reportSearchParams(query: ReportQuery, vendor: string): URLSearchParams {
  return new URLSearchParams({ from: query.fromDay, to: query.toDay, granularity: query.granularity, vendor });
}
