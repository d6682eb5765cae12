import type { Db } from '../db/client';
import type { ServiceContext } from '../context';
import { assembleReport } from './assemble-report';
import { loadIncidents, loadMaintenance } from './load-incidents';
import type { ReportQuery } from './report-query';
import type { Report } from './report-types';
import { resolveReportVendor } from './resolve-vendor';
import { loadDailyFigures } from './rollup/load-daily-figures';

export interface ReportContext extends Pick<ServiceContext, 'db'> {
  /** The configured chat vendor: the default, and always offered. */
  defaultVendor: string;
  slaTargetPercent: number;
  now?: Date;
}

/** The chat vendors a report can be about: the configured one and every one the data names. */
export async function listReportVendors(db: Db, defaultVendor: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ vendor: string }[]>`
    SELECT vendor FROM report_daily_vendor UNION SELECT DISTINCT vendor FROM message WHERE "sentAt" >= now() - interval '2 days'`;
  return [...new Set([defaultVendor, ...rows.map((r) => r.vendor)])].sort();
}

/** The vendor a query asks for (the configured one when none), refused (400) when no data names it. */
export async function queriedVendor(ctx: ReportContext, query: ReportQuery): Promise<string> {
  return resolveReportVendor(query.vendor, await listReportVendors(ctx.db, ctx.defaultVendor), ctx.defaultVendor);
}

/** The vendor reliability report of a range: reads roll-ups, incidents and maintenance, never a raw scan of the range. */
export async function buildReport({ ctx, input }: { ctx: ReportContext; input: ReportQuery }): Promise<Report> {
  const now = ctx.now ?? new Date();
  const vendor = input.vendor ?? ctx.defaultVendor;
  const [figures, incidents, maintenance, vendors] = await Promise.all([
    loadDailyFigures(ctx.db, input.from, input.to),
    loadIncidents(ctx.db, input.from, input.to, { externalOnly: true }),
    loadMaintenance(ctx.db, input.from, input.to),
    listReportVendors(ctx.db, ctx.defaultVendor),
  ]);
  resolveReportVendor(vendor, vendors, ctx.defaultVendor);
  const assembled = assembleReport({
    from: input.from,
    to: input.to,
    granularity: input.granularity,
    vendor,
    now,
    slaTargetPercent: ctx.slaTargetPercent,
    incidents,
    maintenance,
    figures,
  });
  return {
    from: input.from,
    to: input.to,
    fromDay: input.fromDay,
    toDay: input.toDay,
    days: input.days,
    granularity: input.granularity,
    vendor,
    vendors,
    generatedAt: now,
    slaTargetPercent: ctx.slaTargetPercent,
    ...assembled,
    incidents: [...incidents].reverse(),
  };
}
