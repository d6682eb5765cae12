import { COMPONENT_LABELS, COMPONENTS } from '../incidents/components';
import { assembleReport } from '../reports/assemble-report';
import type { ReportContext } from '../reports/build-report';
import { loadIncidents, loadMaintenance } from '../reports/load-incidents';
import { loadDailyFigures } from '../reports/rollup/load-daily-figures';
import { addDays, startOfUtcDay } from '../reports/time';
import type { UptimeBar } from './types';

export const UPTIME_BAR_DAYS = 90;

/** The last 90 UTC days (today included) per component, with the same figures as the reports. */
export async function getUptimeBars(ctx: ReportContext, now: Date): Promise<UptimeBar[]> {
  const to = addDays(startOfUtcDay(now), 1);
  const from = addDays(to, -UPTIME_BAR_DAYS);
  const [figures, incidents, maintenance] = await Promise.all([
    loadDailyFigures(ctx.db, from, to),
    loadIncidents(ctx.db, from, to, { externalOnly: false }),
    loadMaintenance(ctx.db, from, to),
  ]);
  const { periods, totals } = assembleReport({
    from,
    to,
    granularity: 'day',
    vendor: ctx.defaultVendor,
    now,
    slaTargetPercent: ctx.slaTargetPercent,
    incidents,
    maintenance,
    figures,
  });
  return COMPONENTS.map((component) => ({
    component,
    label: COMPONENT_LABELS[component],
    uptime: totals.components[component].uptime,
    monitoredMs: totals.components[component].eligibleMs,
    cells: periods.map((day) => {
      const c = day.components[component];
      const touching = incidents.filter(
        (i) => i.component === component && i.startedAt < day.to && (i.recoveredAt ?? now) > day.from,
      );
      return {
        day: day.key,
        hasData: day.hasData && c.eligibleMs > 0,
        uptime: c.uptime,
        monitoredMs: c.eligibleMs,
        downtimeMs: c.downtimeMs,
        maintenanceMs: c.maintenanceMs,
        incidentCount: touching.length,
        incidents: touching.map((i) => ({ id: i.id, title: i.title })),
      };
    }),
  }));
}
