import { writeCsv } from '../../csv/write-csv';
import { EXTERNAL_COMPONENTS } from '../../incidents/components';
import { assembleReport } from '../assemble-report';
import type { ReportContext } from '../build-report';
import { loadIncidents, loadMaintenance } from '../load-incidents';
import type { ReportQuery } from '../report-query';
import type { PeriodFigures } from '../report-types';
import { loadDailyFigures } from '../rollup/load-daily-figures';
import { addDays } from '../time';
import { minutes, percent, seconds } from './format';

/** One row per UTC day per component. Webhook figures are on the webhooks row, email figures on the email row. */
export const CSV_COLUMNS = [
  'day',
  'component',
  'uptime_percent',
  'downtime_minutes',
  'maintenance_minutes',
  'incidents_started',
  'incidents_open',
  'mttd_seconds',
  'mttr_seconds',
  'checks',
  'failed_checks',
  'sla_target_percent',
  'sla_met',
  'vendor',
  'vendor_messages',
  'webhooks_received',
  'webhooks_missing',
  'webhooks_backfilled',
  'webhook_delivery_rate_percent',
  'webhook_lag_p50_ms',
  'webhook_lag_p95_ms',
  'webhook_lag_p99_ms',
  'emails_succeeded',
  'emails_failed',
  'email_success_rate_percent',
  'note',
] as const;

/** Days per read: memory stays flat however long the range. */
const CHUNK_DAYS = 31;

const text = (value: number | null | undefined) => (value === null || value === undefined ? '' : String(value));

function dayRows(day: PeriodFigures, vendor: string, slaTargetPercent: number): string[][] {
  // A vendor report: only the parts of external parties (chat vendor, SendGrid); our own parts have their place on /status.
  return EXTERNAL_COMPONENTS.map((component) => {
    const c = day.components[component];
    const noData = !day.hasData;
    const v = component === 'webhooks' && !noData ? day.vendor : null;
    const e = component === 'email' && !noData ? day.email : null;
    return [
      day.key,
      component,
      noData ? '' : percent(c.uptime),
      noData ? '' : minutes(c.downtimeMs),
      minutes(c.maintenanceMs),
      String(c.incidents),
      String(c.openIncidents),
      seconds(c.mttdMs),
      seconds(c.mttrMs),
      String(c.runs),
      String(c.failedRuns),
      String(slaTargetPercent),
      c.slaMet === null || noData ? '' : c.slaMet ? 'yes' : 'no',
      vendor,
      text(v?.messages),
      text(v?.webhookMessages),
      text(v?.reconciledMessages),
      text(v?.backfilledEvents),
      v ? percent(v.deliveryRate, 2) : '',
      text(v?.lagP50Ms),
      text(v?.lagP95Ms),
      text(v?.lagP99Ms),
      text(e?.succeeded),
      text(e?.failed),
      e ? percent(e.successRate, 2) : '',
      noData ? 'no monitoring data' : c.maintenanceMs > 0 ? 'maintenance excluded' : '',
    ];
  });
}

async function rangeHasData(ctx: ReportContext, from: Date, to: Date): Promise<boolean> {
  const [row] = await ctx.db.$queryRaw<{ found: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM report_daily_component WHERE day >= ${from}::date AND day < ${to}::date AND runs > 0)
        OR EXISTS (SELECT 1 FROM check_run WHERE counted AND "startedAt" >= ${from} AND "startedAt" < ${to})
        OR EXISTS (SELECT 1 FROM incident WHERE party <> 'ours' AND "startedAt" < ${to} AND ("recoveredAt" IS NULL OR "recoveredAt" > ${from})) AS found`;
  return row?.found ?? false;
}

/**
 * The report as CSV text chunks (lib/csv/write-csv.ts: RFC 4180, formula cells neutralised), read a month at a time.
 * A range without any data is the header and one row saying so.
 */
export async function* reportCsvChunks({
  ctx,
  input,
  vendor,
}: {
  ctx: ReportContext;
  input: ReportQuery;
  vendor: string;
}): AsyncGenerator<string> {
  yield writeCsv([[...CSV_COLUMNS]]);
  const now = ctx.now ?? new Date();
  if (!(await rangeHasData(ctx, input.from, input.to))) {
    const note = `No monitoring data between ${input.fromDay} and ${input.toDay} (UTC).`;
    yield writeCsv([
      CSV_COLUMNS.map((column) =>
        column === 'note'
          ? note
          : column === 'vendor'
            ? vendor
            : column === 'sla_target_percent'
              ? String(ctx.slaTargetPercent)
              : '',
      ),
    ]);
    return;
  }
  for (let from = input.from; from < input.to; from = addDays(from, CHUNK_DAYS)) {
    const to = addDays(from, CHUNK_DAYS) < input.to ? addDays(from, CHUNK_DAYS) : input.to;
    const [figures, incidents, maintenance] = await Promise.all([
      loadDailyFigures(ctx.db, from, to),
      loadIncidents(ctx.db, from, to, { externalOnly: true }),
      loadMaintenance(ctx.db, from, to),
    ]);
    const { periods } = assembleReport({
      from,
      to,
      granularity: 'day',
      vendor,
      now,
      slaTargetPercent: ctx.slaTargetPercent,
      incidents,
      maintenance,
      figures,
    });
    yield writeCsv(periods.flatMap((day) => dayRows(day, vendor, ctx.slaTargetPercent)));
  }
}

/** A web stream of the CSV, pulled chunk by chunk (back-pressure: nothing is read before the client asks). */
export function reportCsvStream(
  chunks: AsyncGenerator<string>,
  onError: (error: unknown) => void,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        onError(error);
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
