import { duration } from '@/lib/reports/export/format';
import { zonedDateTime } from '@/lib/time/zoned';

// The one time format of every page (lib/time/zoned.ts): the reader's zone, named, to the second
// ("30 Nov 2026, 12:03:05 CET"). Pages get the zone from getReaderTimeZone (lib/settings/reader-time-zone.ts);
// pages without a signed-in reader (the public status page, documents for the vendor) use UTC.

/**
 * A timestamp in `timeZone`. Rendered on the server; a client component that renders one again (a message just
 * posted) may get another ICU's zone name, so the browser's text is kept without a hydration warning.
 */
export function Time({ value, timeZone, className }: { value: Date | string; timeZone: string; className?: string }) {
  const d = typeof value === 'string' ? new Date(value) : value;
  return (
    <time dateTime={d.toISOString()} className={className} suppressHydrationWarning>
      {zonedDateTime(d, timeZone)}
    </time>
  );
}

/** "30 Nov 2026, 12:03:05 CET (12 min ago)". */
export function since(at: Date, now: Date, timeZone: string): string {
  return `${zonedDateTime(at, timeZone)} (${duration(Math.max(0, now.getTime() - at.getTime()))} ago)`;
}
