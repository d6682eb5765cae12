import { REPORT_ROLES } from '@/lib/auth/roles';
import { route } from '@/lib/http/route';
import { requireApiRole } from '@/lib/reports/access';
import { queriedVendor } from '@/lib/reports/build-report';
import { reportContext } from '@/lib/reports/context';
import { listLagEvents } from '@/lib/reports/list-lag-events';
import { parseReportQuery } from '@/lib/reports/report-query';

export const dynamic = 'force-dynamic';

/** The webhook events behind a report's lag percentile (?percentile=50|95|99 with the report's range), as JSON. */
export const GET = route('reports.lag-events', async (request) => {
  await requireApiRole(REPORT_ROLES);
  const params = new URL(request.url).searchParams;
  const query = parseReportQuery(params);
  const ctx = reportContext();
  const vendor = await queriedVendor(ctx, query);
  const result = await listLagEvents({ ctx, input: { query, vendor, percentile: params.get('percentile') } });
  return Response.json(result, { headers: { 'cache-control': 'no-store' } });
});
