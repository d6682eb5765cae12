import { REPORT_ROLES } from '@/lib/auth/roles';
import { exportRoute } from '@/lib/http/route';
import { reportExports } from '@/lib/metrics/report-metrics';
import { requireApiRole } from '@/lib/reports/access';
import { queriedVendor } from '@/lib/reports/build-report';
import { reportContext } from '@/lib/reports/context';
import { reportCsvChunks, reportCsvStream } from '@/lib/reports/export/report-csv';
import { parseReportQuery, reportFileName } from '@/lib/reports/report-query';

export const dynamic = 'force-dynamic';

/** The report as CSV, streamed: one row per day per component. */
export const GET = exportRoute('reports.csv', async (request, { log }) => {
  await requireApiRole(REPORT_ROLES);
  const query = parseReportQuery(new URL(request.url).searchParams);
  const ctx = reportContext();
  const vendor = await queriedVendor(ctx, query);
  const stream = reportCsvStream(reportCsvChunks({ ctx, input: query, vendor }), (error) => {
    reportExports().inc({ format: 'csv', result: 'error' });
    log.error({ err: error }, 'CSV export failed mid-stream');
  });
  reportExports().inc({ format: 'csv', result: 'ok' });
  return new Response(stream, {
    headers: {
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': `attachment; filename="${reportFileName(vendor, query, 'csv')}"`,
      'cache-control': 'no-store',
    },
  });
});
