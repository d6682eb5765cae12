import { COMPONENT_LABELS, EXTERNAL_COMPONENTS } from '@/lib/incidents/components';
import { VENDOR_COMPONENTS } from '@/lib/reports/assemble-report';
import { duration, msLabel, percentLabel } from '@/lib/reports/export/format';
import type { ComponentFigures, Report } from '@/lib/reports/report-types';
import { zonedDateTime } from '@/lib/time/zoned';
import { ReportCharts } from './report-charts';
import { ReportDefinitions } from './report-definitions';
import { ReportPeriodTables } from './report-period-tables';
import { REPORT_CSS } from './report-styles';

function Sla({ figures, target }: { figures: ComponentFigures; target: number }) {
  if (figures.slaMet === null) return <span className="rpt-note">no data</span>;
  return figures.slaMet ? (
    <span className="rpt-good">met</span>
  ) : (
    <span className="rpt-bad">breached (target {target} %)</span>
  );
}

/** The whole vendor reliability report. Plain markup and its own CSS: shown on /reports, printed to PDF, rendered by the CLI. */
/** A report covers UTC days and goes to the vendor: its times are in UTC, named like every time (lib/time/zoned.ts). */
const REPORT_TIME_ZONE = 'UTC';

export function ReportDocument({ report }: { report: Report }) {
  const { totals } = report;
  const overall = totals.overall;
  const verdict = overall.slaMet === null ? 'rpt-nodata' : overall.slaMet ? 'rpt-met' : 'rpt-breached';
  const rows: { key: string; label: string; figures: ComponentFigures }[] = [
    ...EXTERNAL_COMPONENTS.map((c) => ({ key: c, label: COMPONENT_LABELS[c], figures: totals.components[c] })),
    {
      key: 'overall',
      label: `Chat vendor overall (${VENDOR_COMPONENTS.map((c) => COMPONENT_LABELS[c]).join(', ')})`,
      figures: overall,
    },
  ];
  return (
    <article className="rpt" data-testid="report-document">
      <style>{REPORT_CSS}</style>
      <h1>Vendor reliability report: {report.vendor}</h1>
      <p className="rpt-sub" data-testid="report-range">
        {report.fromDay} to {report.toDay} (UTC, {report.days} {report.days === 1 ? 'day' : 'days'}) · per{' '}
        {report.granularity} · SLA target {report.slaTargetPercent} % · generated{' '}
        {zonedDateTime(report.generatedAt, REPORT_TIME_ZONE)}
      </p>
      {!report.hasData ? (
        <p className="rpt-empty" data-testid="report-empty">
          No monitoring data between {report.fromDay} and {report.toDay}: the monitor recorded no runs and no incidents
          in this range.
        </p>
      ) : (
        <>
          <p className={`rpt-verdict ${verdict}`} data-testid="report-verdict">
            {overall.slaMet === null
              ? 'No data for the SLA verdict.'
              : `Chat vendor uptime ${percentLabel(overall.uptime, 3)}: SLA ${overall.slaMet ? 'met' : 'breached'} (target ${report.slaTargetPercent} %).`}
          </p>
          <dl className="rpt-cards">
            <div className="rpt-card">
              <dt>Incidents</dt>
              <dd data-testid="report-incidents">{overall.incidents + totals.components.email.incidents}</dd>
            </div>
            <div className="rpt-card">
              <dt>Chat vendor downtime</dt>
              <dd>{duration(overall.downtimeMs)}</dd>
            </div>
            <div className="rpt-card">
              <dt>MTTD / MTTR (vendor)</dt>
              <dd>
                {duration(overall.mttdMs)} / {duration(overall.mttrMs)}
              </dd>
            </div>
            <div className="rpt-card">
              <dt>Webhook delivery rate</dt>
              <dd data-testid="report-delivery-rate">{percentLabel(totals.vendor.deliveryRate)}</dd>
            </div>
            <div className="rpt-card">
              <dt>Webhooks missing / backfilled</dt>
              <dd>
                {totals.vendor.reconciledMessages} / {totals.vendor.backfilledEvents}
              </dd>
            </div>
            <div className="rpt-card">
              <dt>Webhook lag p50 / p95 / p99</dt>
              <dd data-testid="report-lag">
                {(
                  [
                    ['50', totals.vendor.lagP50Ms],
                    ['95', totals.vendor.lagP95Ms],
                    ['99', totals.vendor.lagP99Ms],
                  ] as const
                ).map(([p, ms], i) => (
                  <span key={p}>
                    {i > 0 && ' / '}
                    {ms === null ? (
                      msLabel(ms)
                    ) : (
                      <a
                        href={`/api/reports/lag-events?from=${report.fromDay}&to=${report.toDay}&vendor=${encodeURIComponent(report.vendor)}&percentile=${p}`}
                        title={`The webhook events behind p${p}`}
                        data-testid={`lag-events-p${p}`}
                      >
                        {msLabel(ms)}
                      </a>
                    )}
                  </span>
                ))}
              </dd>
            </div>
            <div className="rpt-card">
              <dt>Email success rate</dt>
              <dd>{percentLabel(totals.email.successRate)}</dd>
            </div>
            <div className="rpt-card">
              <dt>Vendor messages</dt>
              <dd>{totals.vendor.messages}</dd>
            </div>
          </dl>
          <h2>Uptime per component</h2>
          <table data-testid="report-summary">
            <thead>
              <tr>
                <th>Component</th>
                <th>Uptime</th>
                <th>Downtime</th>
                <th>Maintenance</th>
                <th>Incidents</th>
                <th>MTTD</th>
                <th>MTTR</th>
                <th>Checks (failed)</th>
                <th>SLA</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ key, label, figures }) => (
                <tr key={key} data-testid={`summary-${key}`}>
                  <td>{label}</td>
                  <td data-testid={`summary-uptime-${key}`}>{percentLabel(figures.uptime, 3)}</td>
                  <td>{duration(figures.downtimeMs)}</td>
                  <td>{figures.maintenanceMs > 0 ? duration(figures.maintenanceMs) : '—'}</td>
                  <td>
                    {figures.incidents}
                    {figures.openIncidents > 0 ? ` (${figures.openIncidents} open)` : ''}
                  </td>
                  <td>{duration(figures.mttdMs)}</td>
                  <td>{duration(figures.mttrMs)}</td>
                  <td>
                    {figures.runs} ({figures.failedRuns})
                  </td>
                  <td>
                    <Sla figures={figures} target={report.slaTargetPercent} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <ReportCharts report={report} />
          <ReportPeriodTables report={report} />
          <h2>Incidents</h2>
          {report.incidents.length === 0 ? (
            <p className="rpt-note">No incidents in this range.</p>
          ) : (
            <table data-testid="report-incident-list">
              <thead>
                <tr>
                  <th>Incident</th>
                  <th>Started</th>
                  <th>Recovered</th>
                  <th>Length</th>
                  <th>Missing webhooks</th>
                </tr>
              </thead>
              <tbody>
                {report.incidents.slice(0, 100).map((i) => (
                  <tr key={i.id}>
                    <td style={{ whiteSpace: 'normal', textAlign: 'left' }}>{i.title}</td>
                    <td>{zonedDateTime(i.startedAt, REPORT_TIME_ZONE)}</td>
                    <td>{i.recoveredAt ? zonedDateTime(i.recoveredAt, REPORT_TIME_ZONE) : 'still open'}</td>
                    <td>{duration((i.recoveredAt ?? report.generatedAt).getTime() - i.startedAt.getTime())}</td>
                    <td>{i.missingWebhooks}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {report.incidents.length > 100 ? (
            <p className="rpt-note">
              Showing the latest 100 of {report.incidents.length} incidents; the CSV has every day.
            </p>
          ) : null}
        </>
      )}
      <ReportDefinitions />
    </article>
  );
}
