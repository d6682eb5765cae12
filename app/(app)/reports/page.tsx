import type { Metadata } from 'next';
import { requireRole } from '@/lib/auth/access';
import { REPORT_ROLES } from '@/lib/auth/roles';
import { ValidationError } from '@/lib/errors';
import { buildReport, listReportVendors } from '@/lib/reports/build-report';
import { reportContext } from '@/lib/reports/context';
import { parseReportQuery, reportSearchParams } from '@/lib/reports/report-query';
import { ReportDocument } from '../../_components/report/report-document';
import { ReportFilters } from './report-filters';

export const metadata: Metadata = { title: 'Reliability reports' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ReportsPage({ searchParams }: { searchParams: SearchParams }) {
  await requireRole(REPORT_ROLES, '/reports');
  const params = await searchParams;
  const ctx = reportContext();
  let error: ValidationError | null = null;
  let report = null;
  let query = null;
  try {
    query = parseReportQuery(params);
    report = await buildReport({ ctx, input: query });
  } catch (caught) {
    if (!(caught instanceof ValidationError)) throw caught;
    error = caught;
  }
  const vendors = report?.vendors ?? (await listReportVendors(ctx.db, ctx.defaultVendor));
  const links = report && query ? reportSearchParams(query, report.vendor).toString() : null;
  return (
    <main className="mx-auto max-w-6xl px-4 sm:px-6 py-8">
      <h1 className="text-2xl font-semibold">Vendor reliability reports</h1>
      <p className="mt-1 text-sm text-slate-600">
        Uptime, incidents, webhooks and email for a vendor over a date range, to attach to an escalation.
      </p>
      <ReportFilters params={params} vendors={vendors} query={query} error={error} />
      {links && (
        <div className="mt-4 flex flex-wrap gap-3" aria-label="Downloads">
          <a
            href={`/api/reports/csv?${links}`}
            download
            className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-50"
            data-testid="download-csv"
          >
            Download CSV
          </a>
          <a
            href={`/api/reports/pdf?${links}`}
            download
            className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-50"
            data-testid="download-pdf"
          >
            Download PDF
          </a>
        </div>
      )}
      {report && (
        // Wide tables scroll inside the card at phone width; the page itself never scrolls sideways.
        <div className="mt-6 overflow-x-auto rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
          <ReportDocument report={report} />
        </div>
      )}
    </main>
  );
}
