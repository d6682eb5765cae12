import { clip, intersect, measure, normalize, subtract, type Interval } from './intervals';

/** An incident as uptime sees it: down from its first failed run until the first run of the passing streak. */
export interface OutageSpan {
  startedAt: Date;
  /** Null while it is still open: down until `now`. */
  recoveredAt: Date | null;
}

export interface UptimeInput {
  outages: readonly OutageSpan[];
  /** Planned maintenance: left out of both the downtime and the time that counts. */
  maintenance: readonly Interval[];
  from: Date;
  to: Date;
  now: Date;
  /** When the monitor was watching; time outside it counts neither way. Absent: the whole window. */
  coverage?: readonly Interval[];
}

export interface UptimeFigures {
  /** Time that counts: the window (up to now), within coverage, minus maintenance. */
  eligibleMs: number;
  downtimeMs: number;
  maintenanceMs: number;
  /** 0..1, or null when no time counts (future range, no coverage, all maintenance). */
  uptime: number | null;
}

/** Outage spans as intervals, open ones running until `now`. */
export function outageIntervals(outages: readonly OutageSpan[], now: Date): Interval[] {
  return normalize(outages.map((o) => ({ start: o.startedAt.getTime(), end: (o.recoveredAt ?? now).getTime() })));
}

/**
 * Uptime of one component over [from, to): overlapping outages count once, maintenance counts neither as
 * downtime nor as time, and the part of the window after `now` is not counted yet.
 */
export function computeUptime({ outages, ...rest }: UptimeInput): UptimeFigures {
  return computeUptimeOfIntervals({ ...rest, down: outageIntervals(outages, rest.now) });
}

/** computeUptime over downtime already given as intervals (e.g. the union of several components). */
export function computeUptimeOfIntervals({
  down,
  maintenance,
  from,
  to,
  now,
  coverage,
}: Omit<UptimeInput, 'outages'> & { down: readonly Interval[] }): UptimeFigures {
  const start = from.getTime();
  const end = Math.min(to.getTime(), now.getTime());
  if (end <= start) return { eligibleMs: 0, downtimeMs: 0, maintenanceMs: 0, uptime: null };
  const window = coverage ? clip(coverage, start, end) : [{ start, end }];
  const maint = intersect(clip(maintenance, start, end), window);
  const downtime = subtract(intersect(down, window), maint);
  const eligibleMs = measure(window) - measure(maint);
  const downtimeMs = measure(downtime);
  return {
    eligibleMs,
    downtimeMs,
    maintenanceMs: measure(maint),
    uptime: eligibleMs > 0 ? 1 - downtimeMs / eligibleMs : null,
  };
}
