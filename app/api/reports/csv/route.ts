import { REPORT_ROLES } from '@/lib/auth/roles';
import { route } from '@/lib/http/route';
import { reportExports } from '@/lib/metrics/report-metrics';
import { requireApiRole } from '@/lib/reports/access';
import { listReportVendors } from '@/lib/reports/build-report';
import { reportContext } from '@/lib/reports/context';
import { reportCsvChunks, reportCsvStream } from '@/lib/reports/export/report-csv';
import { resolveReportVendor } from '@/lib/reports/resolve-vendor';
import { parseReportQuery } from '@/lib/reports/report-query';

export const dynamic = 'force-dynamic';

/** The report as CSV, streamed: one row per day per component. */
export const GET = route('reports.csv', async (request, { log }) => {
  await requireApiRole(REPORT_ROLES);
  const query = parseReportQuery(new URL(request.url).searchParams);
  const ctx = reportContext();
  const vendor = resolveReportVendor(query.vendor, await listReportVendors(ctx.db, ctx.defaultVendor), ctx.defaultVendor);
  const stream = reportCsvStream(reportCsvChunks({ ctx, input: query, vendor }), (error) => {
    reportExports().inc({ format: 'csv', result: 'error' });
    log.error({ err: error }, 'CSV export failed mid-stream');
  });
  reportExports().inc({ format: 'csv', result: 'ok' });
  return new Response(stream, {
    headers: {
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': `attachment; filename="chatwatch-report-${vendor}-${query.fromDay}-to-${query.toDay}.csv"`,
      'cache-control': 'no-store',
    },
  });
});
