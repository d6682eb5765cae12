import type { Db } from '../../db/client';
import type { MonitorComponent } from '../../incidents/components';
import { addDays, dayKey, eachDay } from '../time';
import { computeDailyFigures } from './compute-daily-figures';
import type { DailyFigures } from './types';

/** Runs of consecutive days, as [from, to) midnights. */
function spans(days: Date[]): { from: Date; to: Date }[] {
  const result: { from: Date; to: Date }[] = [];
  for (const day of days) {
    const last = result.at(-1);
    if (last && last.to.getTime() === day.getTime()) last.to = addDays(day, 1);
    else result.push({ from: day, to: addDays(day, 1) });
  }
  return result;
}

/**
 * The daily figures of [from, to): rolled-up days from the roll-up tables, the others (recent days, or history
 * the job has not reached) computed from the raw tables with the same SQL.
 */
export async function loadDailyFigures(db: Db, from: Date, to: Date): Promise<DailyFigures> {
  const range = { gte: from, lt: to };
  const [rolled, components, vendors, emails] = await Promise.all([
    db.reportRollupDay.findMany({ where: { day: range }, select: { day: true } }),
    db.reportDailyComponent.findMany({ where: { day: range } }),
    db.reportDailyVendor.findMany({ where: { day: range } }),
    db.reportDailyEmail.findMany({ where: { day: range } }),
  ]);
  const rolledDays = new Set(rolled.map((r) => r.day.getTime()));
  const figures: DailyFigures = {
    components: components.map((c) => ({
      day: dayKey(c.day),
      component: c.component as MonitorComponent,
      runs: c.runs,
      failedRuns: c.failedRuns,
      firstRunAt: c.firstRunAt,
      lastRunAt: c.lastRunAt,
    })),
    vendors: vendors.map((v) => ({ ...v, day: dayKey(v.day) })),
    emails: emails.map((e) => ({ ...e, day: dayKey(e.day) })),
  };
  const missing = eachDay(from, to).filter((d) => !rolledDays.has(d.getTime()));
  const live = await Promise.all(spans(missing).map((s) => computeDailyFigures(db, s.from, s.to)));
  for (const part of live) {
    figures.components.push(...part.components);
    figures.vendors.push(...part.vendors);
    figures.emails.push(...part.emails);
  }
  return figures;
}
