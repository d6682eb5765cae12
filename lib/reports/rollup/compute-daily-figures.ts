import type { Db } from '../../db/client';
import type { DbTx } from '../../db/tx';
import { Prisma } from '../../db/generated/client';
import type { MonitorComponent } from '../../incidents/components';
import { emptyHistogram, lagBucketSql } from '../lag-histogram';
import type { ComponentDay, DailyFigures, EmailDay, VendorDay } from './types';

const utcDay = (column: string) => Prisma.raw(`(("${column}" AT TIME ZONE 'UTC')::date)::text`);
const lagMs = `GREATEST(0, extract(epoch FROM ("receivedAt" - "occurredAt")) * 1000)`;
const round = (value: number | null | undefined) => (value === null || value === undefined ? null : Math.round(value));

/**
 * The daily figures of [from, to) (UTC midnights) straight from the raw tables. The roll-up job stores its
 * result for settled days; reports call it directly for the days not rolled up yet, so both read the same SQL.
 */
export async function computeDailyFigures(db: Db | DbTx, from: Date, to: Date): Promise<DailyFigures> {
  const [runs, messages, events, buckets, emails] = await Promise.all([
    db.$queryRaw<
      {
        day: string;
        component: MonitorComponent;
        runs: number;
        failedRuns: number;
        firstRunAt: Date;
        lastRunAt: Date;
      }[]
    >(Prisma.sql`
      SELECT ${utcDay('startedAt')} AS day, c::text AS component, count(*)::int AS runs,
             count(*) FILTER (WHERE "failedComponent" = c)::int AS "failedRuns",
             min("startedAt") AS "firstRunAt", max(COALESCE("finishedAt", "startedAt")) AS "lastRunAt"
      FROM check_run CROSS JOIN LATERAL unnest(components) AS c
      WHERE counted AND "startedAt" >= ${from} AND "startedAt" < ${to}
      GROUP BY 1, 2`),
    db.$queryRaw<
      { day: string; vendor: string; messages: number; webhookMessages: number; reconciledMessages: number }[]
    >(Prisma.sql`
      SELECT ${utcDay('sentAt')} AS day, vendor, count(*)::int AS messages,
             count(*) FILTER (WHERE source = 'WEBHOOK')::int AS "webhookMessages",
             count(*) FILTER (WHERE source = 'RECONCILED')::int AS "reconciledMessages"
      FROM message
      WHERE "sentAt" >= ${from} AND "sentAt" < ${to}
      GROUP BY 1, 2`),
    db.$queryRaw<
      { day: string; vendor: string; webhookEvents: number; backfilledEvents: number; pct: number[] | null }[]
    >(Prisma.sql`
      SELECT ${utcDay('receivedAt')} AS day, vendor,
             count(*) FILTER (WHERE source = 'WEBHOOK')::int AS "webhookEvents",
             count(*) FILTER (WHERE source = 'RECONCILED')::int AS "backfilledEvents",
             percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY ${Prisma.raw(lagMs)}) FILTER (WHERE source = 'WEBHOOK') AS pct
      FROM vendor_event
      WHERE "receivedAt" >= ${from} AND "receivedAt" < ${to}
      GROUP BY 1, 2`),
    db.$queryRaw<{ day: string; vendor: string; bucket: number; n: number }[]>(Prisma.sql`
      SELECT ${utcDay('receivedAt')} AS day, vendor, ${Prisma.raw(lagBucketSql(lagMs))} AS bucket, count(*)::int AS n
      FROM vendor_event
      WHERE source = 'WEBHOOK' AND "receivedAt" >= ${from} AND "receivedAt" < ${to}
      GROUP BY 1, 2, 3`),
    db.$queryRaw<EmailDay[]>(Prisma.sql`
      SELECT ${utcDay('sendAt')} AS day,
             count(*) FILTER (WHERE status IN ('SENT', 'DELIVERED'))::int AS succeeded,
             count(*) FILTER (WHERE status IN ('FAILED', 'BOUNCED', 'BLOCKED', 'DROPPED'))::int AS failed,
             count(*) FILTER (WHERE status = 'CANCELLED')::int AS cancelled,
             count(*) FILTER (WHERE status IN ('QUEUED', 'SENDING', 'UNCONFIRMED'))::int AS pending
      FROM email
      WHERE "sendAt" >= ${from} AND "sendAt" < ${to}
      GROUP BY 1`),
  ]);

  const vendors = new Map<string, VendorDay>();
  const vendorDay = (day: string, vendor: string): VendorDay => {
    const key = `${day}|${vendor}`;
    let entry = vendors.get(key);
    if (!entry) {
      entry = {
        day,
        vendor,
        messages: 0,
        webhookMessages: 0,
        reconciledMessages: 0,
        webhookEvents: 0,
        backfilledEvents: 0,
        lagP50Ms: null,
        lagP95Ms: null,
        lagP99Ms: null,
        lagHistogram: emptyHistogram(),
      };
      vendors.set(key, entry);
    }
    return entry;
  };
  for (const m of messages)
    Object.assign(vendorDay(m.day, m.vendor), {
      messages: m.messages,
      webhookMessages: m.webhookMessages,
      reconciledMessages: m.reconciledMessages,
    });
  for (const e of events) {
    Object.assign(vendorDay(e.day, e.vendor), {
      webhookEvents: e.webhookEvents,
      backfilledEvents: e.backfilledEvents,
      lagP50Ms: round(e.pct?.[0]),
      lagP95Ms: round(e.pct?.[1]),
      lagP99Ms: round(e.pct?.[2]),
    });
  }
  for (const b of buckets) vendorDay(b.day, b.vendor).lagHistogram[b.bucket] = b.n;

  const components: ComponentDay[] = runs.map((r) => ({
    day: r.day,
    component: r.component,
    runs: r.runs,
    failedRuns: r.failedRuns,
    firstRunAt: r.firstRunAt,
    lastRunAt: r.lastRunAt,
  }));
  return { components, vendors: [...vendors.values()], emails: emails.map((e) => ({ ...e })) };
}
