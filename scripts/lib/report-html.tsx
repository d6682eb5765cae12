import { renderToStaticMarkup } from 'react-dom/server';
import { ReportDocument } from '../../app/_components/report/report-document';
import type { Report } from '../../lib/reports/report-types';

/**
 * The report as a standalone HTML page, for the CLI and the bench (outside Next.js: react-dom/server is not
 * available to route handlers, which print the /print/reports page instead). Same component, same CSS.
 */
export function reportHtml(report: Report): string {
  const body = renderToStaticMarkup(
    <html lang="en">
      {/* eslint-disable-next-line @next/next/no-head-element -- a standalone page rendered outside Next.js */}
      <head>
        <meta charSet="utf-8" />
        <title>{`Reliability report ${report.vendor} ${report.fromDay} to ${report.toDay}`}</title>
      </head>
      <body style={{ margin: 0, background: '#fff' }}>
        <ReportDocument report={report} />
      </body>
    </html>,
  );
  return `<!doctype html>${body}`;
}
