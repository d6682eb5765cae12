/**
 * The report's own stylesheet: the same markup is shown on /reports, printed to PDF by Chromium and rendered by
 * `npm run report` without the app's Tailwind build, so it must not depend on it.
 */
export const REPORT_CSS = `
.rpt { font-family: ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif; color: #0f172a; font-size: 13px; line-height: 1.45; }
.rpt h1 { font-size: 22px; margin: 0 0 2px; }
.rpt h2 { font-size: 16px; margin: 22px 0 8px; break-after: avoid; }
.rpt .rpt-sub { color: #475569; margin: 0 0 12px; }
.rpt .rpt-verdict { display: inline-block; padding: 6px 10px; border-radius: 6px; font-weight: 600; margin: 4px 0 8px; }
.rpt .rpt-met { background: #dcfce7; color: #166534; }
.rpt .rpt-breached { background: #fee2e2; color: #991b1b; }
.rpt .rpt-nodata { background: #f1f5f9; color: #475569; }
.rpt table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; font-size: 12px; }
.rpt th, .rpt td { border-bottom: 1px solid #e2e8f0; padding: 4px 6px; text-align: right; white-space: nowrap; }
.rpt th:first-child, .rpt td:first-child { text-align: left; }
.rpt thead th { background: #f8fafc; font-weight: 600; color: #334155; }
.rpt tr { break-inside: avoid; }
.rpt .rpt-cards { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 8px; margin: 8px 0; }
.rpt .rpt-card { border: 1px solid #e2e8f0; border-radius: 8px; padding: 8px 10px; background: #fff; break-inside: avoid; }
.rpt .rpt-card dt { color: #475569; font-size: 11px; }
.rpt .rpt-card dd { margin: 2px 0 0; font-size: 17px; font-weight: 600; }
.rpt .rpt-charts { display: grid; grid-template-columns: 1fr; gap: 16px; }
.rpt figure { break-inside: avoid; }
.rpt .rpt-note { color: #475569; font-size: 11px; }
.rpt .rpt-empty { padding: 16px; border: 1px dashed #94a3b8; border-radius: 8px; color: #334155; background: #f8fafc; }
.rpt .rpt-bad { color: #b91c1c; font-weight: 600; }
.rpt .rpt-good { color: #15803d; }
@media print { .rpt h2 { margin-top: 16px; } }
`;
