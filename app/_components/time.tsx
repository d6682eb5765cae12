import { duration } from '@/lib/reports/export/format';

// Time formatting shared by every page. One module (time.tsx) so that `_components/time` resolves to the same file
// for the <Time> component and the string helpers.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/**
 * A timestamp shown identically on the server and in every browser ("22 Nov 2026, 19:03 UTC"). Formatted by
 * hand: Intl output differs between ICU versions, which would make server and client HTML disagree.
 */
export function Time({ value, className }: { value: Date | string; className?: string }) {
  const d = typeof value === 'string' ? new Date(value) : value;
  const text = `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${two(d.getUTCHours())}:${two(d.getUTCMinutes())} UTC`;
  return (
    <time dateTime={d.toISOString()} className={className}>
      {text}
    </time>
  );
}

/** "2026-03-01 14:02 UTC": one unambiguous format for staff in every time zone. */
export function utc(at: Date, withSeconds = false): string {
  return `${at
    .toISOString()
    .slice(0, withSeconds ? 19 : 16)
    .replace('T', ' ')} UTC`;
}

/** "14:02 UTC", with the date when it is not today. */
export function clock(at: Date, now: Date): string {
  return at.toISOString().slice(0, 10) === now.toISOString().slice(0, 10)
    ? `${at.toISOString().slice(11, 16)} UTC`
    : utc(at);
}

/** "14:02 UTC (12 min ago)", with the date when it is not today. */
export function since(at: Date, now: Date): string {
  return `${clock(at, now)} (${duration(Math.max(0, now.getTime() - at.getTime()))} ago)`;
}
