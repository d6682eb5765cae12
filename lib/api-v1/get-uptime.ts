import type { z } from 'zod';
import { COMPONENTS } from '../incidents/components';
import type { ReportContext } from '../reports/build-report';
import { buildReport } from '../reports/build-report';
import { parseReportQuery } from '../reports/report-query';
import { addDays, dayKey, parseDay } from '../reports/time';
import type { ComponentFigures } from '../reports/report-types';
import { ValidationError } from '../errors';
import type { uptimePage, uptimeQuery } from './schemas';

const figures = (c: ComponentFigures) => ({
  uptimePercent: c.uptime === null ? null : c.uptime * 100,
  downtimeSeconds: c.downtimeMs / 1000,
  maintenanceSeconds: c.maintenanceMs / 1000,
  incidentsStarted: c.incidents,
  checks: c.runs,
  failedChecks: c.failedRuns,
});

/** Uptime per UTC day and component (the report's figures), a page of days at a time, with the whole range's summary. */
export async function getApiUptime(
  ctx: ReportContext,
  query: z.output<typeof uptimeQuery>,
): Promise<z.input<typeof uptimePage>> {
  const range = parseReportQuery({ from: query.from, to: query.to });
  const pageFrom = query.cursor ? parseDay(query.cursor) : range.from;
  if (!pageFrom || pageFrom < range.from || pageFrom >= range.to)
    throw new ValidationError('The cursor is not valid; start again without it.', {
      cursor: ['Use the nextCursor of the previous page.'],
    });
  const pageTo = addDays(pageFrom, query.limit) < range.to ? addDays(pageFrom, query.limit) : range.to;
  const components = query.component ? [query.component] : [...COMPONENTS];
  const [page, whole] = await Promise.all([
    buildReport({
      ctx,
      input: {
        ...range,
        from: pageFrom,
        to: pageTo,
        fromDay: dayKey(pageFrom),
        toDay: dayKey(addDays(pageTo, -1)),
        granularity: 'day',
      },
    }),
    buildReport({ ctx, input: { ...range, granularity: 'month' } }),
  ]);
  return {
    data: page.periods.flatMap((day) =>
      components.map((component) => ({ day: day.key, component, ...figures(day.components[component]) })),
    ),
    nextCursor: pageTo < range.to ? dayKey(pageTo) : null,
    slaTargetPercent: ctx.slaTargetPercent,
    summary: components.map((component) => {
      const c = whole.totals.components[component];
      return {
        component,
        ...figures(c),
        mttdSeconds: c.mttdMs === null ? null : c.mttdMs / 1000,
        mttrSeconds: c.mttrMs === null ? null : c.mttrMs / 1000,
        slaMet: c.slaMet,
      };
    }),
  };
}
