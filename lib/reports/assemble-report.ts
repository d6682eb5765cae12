import { COMPONENTS, type MonitorComponent } from '../incidents/components';
import { addHistograms, emptyHistogram, histogramQuantile } from './lag-histogram';
import type { ComponentDay, DailyFigures } from './rollup/types';
import type {
  ComponentFigures,
  EmailFigures,
  PeriodFigures,
  ReportIncident,
  ReportMaintenance,
  VendorFigures,
} from './report-types';
import { DAY_MS, dayKey, eachDay, parseDay, periodsOf, type Granularity, type Period } from './time';
import { computeUptimeOfIntervals, outageIntervals } from './uptime/compute-uptime';
import { incidentStats } from './uptime/incident-stats';
import { normalize, subtract, type Interval } from './uptime/intervals';

/** The chat vendor's components: the overall figure and the SLA verdict of a vendor report. */
export const VENDOR_COMPONENTS = ['chat_ui', 'webhooks', 'vendor_api'] as const satisfies readonly MonitorComponent[];

export interface AssembleInput {
  from: Date;
  to: Date;
  granularity: Granularity;
  vendor: string;
  now: Date;
  slaTargetPercent: number;
  incidents: readonly ReportIncident[];
  maintenance: readonly ReportMaintenance[];
  figures: DailyFigures;
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/**
 * How far past a day's last run end monitoring still counts: the gap to the next run (or to midnight) was
 * watched too. At least 10 minutes, and 1.5 × the day's average spacing between runs (a check every hour
 * watches the hour after its last run). Longer gaps are not monitored time.
 */
export const COVERAGE_GAP_MS = 10 * 60_000;

/**
 * The monitored spans of one component: per day with runs, from its first run's start to its last run's end
 * plus the gap above, within the day. A day monitored from 23:48 covers 12 minutes, not 86,400 s. Rows
 * rolled up before the span was recorded (null) count the whole day, as they always did.
 */
export function monitoredSpans(rows: readonly ComponentDay[]): Interval[] {
  return normalize(
    rows
      .filter((r) => r.runs > 0)
      .map((r) => {
        const dayStart = parseDay(r.day)!.getTime();
        const dayEnd = dayStart + DAY_MS;
        if (!r.firstRunAt || !r.lastRunAt) return { start: dayStart, end: dayEnd };
        const spacing = r.runs > 1 ? (r.lastRunAt.getTime() - r.firstRunAt.getTime()) / (r.runs - 1) : 0;
        return {
          start: Math.max(dayStart, r.firstRunAt.getTime()),
          end: Math.min(dayEnd, r.lastRunAt.getTime() + Math.max(COVERAGE_GAP_MS, 1.5 * spacing)),
        };
      }),
  );
}

/** The pieces every period needs, computed once for the range. */
function prepare(input: AssembleInput) {
  const daysWithRuns = new Set(input.figures.components.filter((c) => c.runs > 0).map((c) => c.day));
  const per = new Map<MonitorComponent, { down: Interval[]; maintenance: Interval[]; coverage: Interval[] }>();
  for (const component of COMPONENTS) {
    const down = outageIntervals(
      input.incidents.filter((i) => i.component === component),
      input.now,
    );
    const maintenance = normalize(
      input.maintenance
        .filter((m) => m.component === null || m.component === component)
        .map((m) => ({ start: m.startsAt.getTime(), end: m.endsAt.getTime() })),
    );
    // Uptime = up time ÷ monitored time: the component's own run spans, plus its outages (an open incident is watched until it ends).
    const runCoverage = monitoredSpans(input.figures.components.filter((c) => c.component === component));
    per.set(component, { down, maintenance, coverage: normalize([...runCoverage, ...down]) });
  }
  const byDay = <T extends { day: string }>(rows: readonly T[]) => {
    const map = new Map<string, T[]>();
    for (const row of rows) map.set(row.day, [...(map.get(row.day) ?? []), row]);
    return map;
  };
  const incidentsOf = new Map(COMPONENTS.map((c) => [c, input.incidents.filter((i) => i.component === c)]));
  const vendorParts = VENDOR_COMPONENTS.map((c) => per.get(c)!);
  const overall = {
    down: normalize(vendorParts.flatMap((p) => subtract(p.down, p.maintenance))),
    maintenance: normalize(
      input.maintenance
        .filter((m) => m.component === null)
        .map((m) => ({ start: m.startsAt.getTime(), end: m.endsAt.getTime() })),
    ),
    coverage: normalize(vendorParts.flatMap((p) => p.coverage)),
  };
  return {
    per,
    overall,
    daysWithRuns,
    incidentsOf,
    vendorIncidents: input.incidents.filter((i) => (VENDOR_COMPONENTS as readonly string[]).includes(i.component)),
    componentRows: byDay(input.figures.components),
    vendorRows: byDay(input.figures.vendors.filter((v) => v.vendor === input.vendor)),
    emailRows: byDay(input.figures.emails),
  };
}

function componentFigures(
  input: AssembleInput,
  period: { from: Date; to: Date },
  part: { down: Interval[]; maintenance: Interval[]; coverage: Interval[] },
  incidents: readonly ReportIncident[],
  runs: { runs: number; failedRuns: number },
): ComponentFigures {
  const uptime = computeUptimeOfIntervals({
    down: part.down,
    maintenance: part.maintenance,
    coverage: part.coverage,
    from: period.from,
    to: period.to,
    now: input.now,
  });
  const stats = incidentStats(incidents, period.from, period.to);
  return {
    uptime: uptime.uptime,
    eligibleMs: uptime.eligibleMs,
    downtimeMs: uptime.downtimeMs,
    maintenanceMs: uptime.maintenanceMs,
    incidents: stats.count,
    openIncidents: stats.open,
    mttdMs: stats.mttdMs,
    mttrMs: stats.mttrMs,
    ...runs,
    slaMet: uptime.uptime === null ? null : uptime.uptime * 100 >= input.slaTargetPercent,
  };
}

function vendorFigures(prepared: Prepared, days: Set<string>): VendorFigures {
  const rows = [...days].flatMap((d) => prepared.vendorRows.get(d) ?? []);
  const sum = (key: 'messages' | 'webhookMessages' | 'reconciledMessages' | 'webhookEvents' | 'backfilledEvents') =>
    rows.reduce((total, r) => total + r[key], 0);
  const messages = sum('messages');
  const webhookMessages = sum('webhookMessages');
  const base = {
    messages,
    webhookMessages,
    reconciledMessages: sum('reconciledMessages'),
    deliveryRate: ratio(webhookMessages, messages),
    webhookEvents: sum('webhookEvents'),
    backfilledEvents: sum('backfilledEvents'),
  };
  // One computation for every percentile shown (a day's row, a week, the header of the whole range): the
  // quantile of the merged daily histograms. A range whose only data is one day shows that day's figure.
  const histogram = rows.reduce((h, r) => addHistograms(h, r.lagHistogram), emptyHistogram());
  const q = (p: number) => {
    const value = histogramQuantile(histogram, p);
    return value === null ? null : Math.round(value);
  };
  return { ...base, lagP50Ms: q(0.5), lagP95Ms: q(0.95), lagP99Ms: q(0.99), lagExact: false };
}

function emailFigures(prepared: Prepared, days: Set<string>): EmailFigures {
  const rows = [...days].flatMap((d) => prepared.emailRows.get(d) ?? []);
  const sum = (key: 'succeeded' | 'failed' | 'cancelled' | 'pending') => rows.reduce((total, r) => total + r[key], 0);
  const succeeded = sum('succeeded');
  const failed = sum('failed');
  return {
    succeeded,
    failed,
    cancelled: sum('cancelled'),
    pending: sum('pending'),
    successRate: ratio(succeeded, succeeded + failed),
  };
}

type Prepared = ReturnType<typeof prepare>;

/** Every figure of one period (a day, week, month, or the whole range). */
function periodFigures(input: AssembleInput, prepared: Prepared, period: Period): PeriodFigures {
  const days = new Set(eachDay(period.from, period.to).map(dayKey));
  const components = {} as Record<MonitorComponent, ComponentFigures>;
  let totalRuns = 0;
  let totalFailed = 0;
  for (const component of COMPONENTS) {
    const rows = [...days].flatMap((d) => prepared.componentRows.get(d) ?? []).filter((c) => c.component === component);
    const runs = { runs: rows.reduce((t, r) => t + r.runs, 0), failedRuns: rows.reduce((t, r) => t + r.failedRuns, 0) };
    components[component] = componentFigures(
      input,
      period,
      prepared.per.get(component)!,
      prepared.incidentsOf.get(component)!,
      runs,
    );
    if ((VENDOR_COMPONENTS as readonly string[]).includes(component)) {
      totalRuns += runs.runs;
      totalFailed += runs.failedRuns;
    }
  }
  const overall = componentFigures(input, period, prepared.overall, prepared.vendorIncidents, {
    runs: totalRuns,
    failedRuns: totalFailed,
  });
  const hasData =
    [...days].some((d) => prepared.daysWithRuns.has(d)) || COMPONENTS.some((c) => components[c].downtimeMs > 0);
  return {
    key: period.key,
    label: period.label,
    from: period.from,
    to: period.to,
    components,
    overall,
    vendor: vendorFigures(prepared, days),
    email: emailFigures(prepared, days),
    hasData,
  };
}

/** The figures of every period of the range and of the range as a whole, from already-loaded data. Pure. */
export function assembleReport(input: AssembleInput): {
  periods: PeriodFigures[];
  totals: PeriodFigures;
  hasData: boolean;
} {
  const prepared = prepare(input);
  const periods = periodsOf(input.from, input.to, input.granularity).map((p) => periodFigures(input, prepared, p));
  const totals = periodFigures(input, prepared, { key: 'total', label: 'Whole range', from: input.from, to: input.to });
  return { periods, totals, hasData: totals.hasData };
}
