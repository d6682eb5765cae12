import { z } from 'zod';
import { dateTimeFormat } from '../../time/date-format';

/** Only http(s): a link in an email must never be javascript: or data:. */
export const httpUrl = z.url({ protocol: /^https?$/ });

/** Accepts Date or ISO string, because job payloads arrive as JSON. */
export const date = z.coerce.date();

/** An IANA zone the runtime knows, e.g. "Europe/Berlin"; times in emails are shown in it. */
export const timeZone = z
  .string()
  .refine((zone) => {
    try {
      dateTimeFormat('en-GB', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'unknown time zone')
  .default('UTC');

export const name = z.string().trim().min(1).max(200);

/** "2 Jan 2025, 03:04 UTC": unambiguous across locales, and names its zone. */
export function formatTime(value: Date, zone: string): string {
  const formatted = dateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }).format(value);
  return `${formatted} ${zone === 'UTC' ? 'UTC' : `(${zone})`}`;
}

/** Long chat messages are cut in emails; the link leads to the rest. */
export function excerpt(text: string, max = 600): string {
  const trimmed = text.trim();
  return trimmed.length <= max ? trimmed : `${trimmed.slice(0, max - 1).trimEnd()}…`;
}
