import type { Metadata } from 'next';
import { requireRole } from '@/lib/auth/access';
import { REPORT_ROLES } from '@/lib/auth/roles';
import { buildReport } from '@/lib/reports/build-report';
import { reportContext } from '@/lib/reports/context';
import { parseReportQuery } from '@/lib/reports/report-query';
import { ReportDocument } from '../../_components/report/report-document';

export const metadata: Metadata = { title: 'Reliability report' };

/** The report alone, as /api/reports/pdf prints it (Chromium loads it with the requester's session). */
export default async function PrintReportPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireRole(REPORT_ROLES, '/reports');
  const report = await buildReport({ ctx: reportContext(), input: parseReportQuery(await searchParams) });
  return (
    <main className="bg-white p-2">
      <ReportDocument report={report} />
    </main>
  );
}
