// One time format for staff screens that trace events: the reader's own time zone, named on every timestamp,
// to the second, plus the gap from the previous thing. Server-side only (Intl output differs between ICU
// versions, so these strings are never re-rendered in the browser).

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** A valid IANA zone name, else "UTC" (a stored value that no longer exists must not break a page). */
export function safeTimeZone(timeZone: string | null | undefined): string {
  if (!timeZone) return 'UTC';
  try {
    formatter(timeZone);
    return timeZone;
  } catch {
    return 'UTC';
  }
}

/** "30 Nov 2026, 12:03:05 GMT+1" — date, time to the second and the zone's short name, in `timeZone`. */
export function zonedDateTime(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    formatter(safeTimeZone(timeZone))
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute}:${parts.second} ${parts.timeZoneName}`;
}

/** "12:03" in `timeZone`, for sentences ("emailed to Dana 12:03"). */
export function zonedClock(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    formatter(safeTimeZone(timeZone))
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.hour}:${parts.minute}`;
}

/** A length of time for people: "0.4 s", "12 s", "5 min 0 s", "2 h 5 min". Negative lengths are shown as 0. */
export function spoken(ms: number): string {
  const value = Math.max(0, ms);
  if (value < 10_000) return `${(value / 1000).toFixed(1)} s`;
  const s = Math.round(value / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** "+5 min 0 s": the gap from the previous item in a list ordered by time. */
export function gap(ms: number): string {
  return `+${spoken(ms)}`;
}

const numericFormatters = new Map<string, Intl.DateTimeFormat>();

/** "2026-11-30T12:03" (an <input type=datetime-local> value) for `at` in `timeZone`. */
export function toWallTime(at: Date, timeZone: string): string {
  const zone = safeTimeZone(timeZone);
  let f = numericFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    numericFormatters.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/**
 * The instant a wall time ("2026-11-30T12:03", as a datetime-local input sends it) names in `timeZone`, or null
 * when it is not a wall time. Across a DST change the zone's offset at that instant is used (two passes).
 */
export function fromWallTime(value: string, timeZone: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const asUtc = new Date(`${value}:00Z`);
  if (Number.isNaN(asUtc.getTime())) return null;
  const offsetAt = (at: Date) =>
    new Date(`${toWallTime(at, timeZone)}:00Z`).getTime() - Math.floor(at.getTime() / 60_000) * 60_000;
  const first = new Date(asUtc.getTime() - offsetAt(asUtc));
  return new Date(asUtc.getTime() - offsetAt(first));
}
