import { getConfig } from '@/lib/config';
import { REPORT_ROLES } from '@/lib/auth/roles';
import { exportRoute } from '@/lib/http/route';
import { measureExport } from '@/lib/metrics/report-metrics';
import { cookiesOf, renderPdf } from '@/lib/pdf/render-pdf';
import { requireApiRole } from '@/lib/reports/access';
import { queriedVendor } from '@/lib/reports/build-report';
import { reportContext } from '@/lib/reports/context';
import { renderBaseUrl } from '@/lib/reports/render-base-url';
import { parseReportQuery, reportFileName, reportSearchParams } from '@/lib/reports/report-query';

export const dynamic = 'force-dynamic';

/** The report page printed to an A4 PDF by Chromium, as the requesting user sees it. */
export const GET = exportRoute('reports.pdf', async (request, { log }) => {
  await requireApiRole(REPORT_ROLES);
  const query = parseReportQuery(new URL(request.url).searchParams);
  const ctx = reportContext();
  const vendor = await queriedVendor(ctx, query);
  const config = getConfig();
  const pdf = await measureExport('pdf', () =>
    renderPdf(
      {
        url: `${renderBaseUrl()}/print/reports?${reportSearchParams(query, vendor)}`,
        cookies: cookiesOf(request),
        footerLabel: `ChatWatch · ${vendor} reliability report ${query.fromDay} to ${query.toDay}`,
        timeoutMs: config.REPORT_PDF_TIMEOUT_MS,
        chromiumPath: config.CHROMIUM_PATH,
        log,
      },
      config.REPORT_PDF_CONCURRENCY,
    ),
  );
  return new Response(new Uint8Array(pdf), {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${reportFileName(vendor, query, 'pdf')}"`,
      'cache-control': 'no-store',
    },
  });
});
