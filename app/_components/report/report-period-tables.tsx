import { COMPONENT_LABELS } from '@/lib/incidents/components';
import { duration, msLabel, percentLabel } from '@/lib/reports/export/format';
import type { Report } from '@/lib/reports/report-types';

const COLUMNS = ['chat_ui', 'webhooks', 'vendor_api', 'email', 'monitor'] as const;

/** Per-period figures: uptime and incidents, then webhooks and email. */
export function ReportPeriodTables({ report }: { report: Report }) {
  const per = report.granularity === 'day' ? 'day' : report.granularity === 'week' ? 'week' : 'month';
  return (
    <>
      <h2>Uptime and incidents per {per}</h2>
      <table data-testid="report-periods">
        <thead>
          <tr>
            <th>Period</th>
            {COLUMNS.map((c) => (
              <th key={c}>{COMPONENT_LABELS[c]}</th>
            ))}
            <th>Vendor overall</th>
            <th>Incidents</th>
            <th>Downtime</th>
            <th>MTTD</th>
            <th>MTTR</th>
            <th>SLA</th>
          </tr>
        </thead>
        <tbody>
          {report.periods.map((p) => (
            <tr key={p.key} data-testid="report-period-row">
              <td>{p.label}</td>
              {COLUMNS.map((c) => (
                <td key={c}>{p.hasData ? percentLabel(p.components[c].uptime, 3) : '—'}</td>
              ))}
              <td>{p.hasData ? percentLabel(p.overall.uptime, 3) : '—'}</td>
              <td>{COLUMNS.reduce((n, c) => n + p.components[c].incidents, 0)}</td>
              <td>{duration(p.overall.downtimeMs)}</td>
              <td>{duration(p.overall.mttdMs)}</td>
              <td>{duration(p.overall.mttrMs)}</td>
              <td>
                {p.overall.slaMet === null || !p.hasData ? (
                  '—'
                ) : p.overall.slaMet ? (
                  'met'
                ) : (
                  <span className="rpt-bad">breached</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Webhooks and email per {per}</h2>
      <table data-testid="report-messaging">
        <thead>
          <tr>
            <th>Period</th>
            <th>Vendor messages</th>
            <th>Webhooks received</th>
            <th>Delivery rate</th>
            <th>Missing</th>
            <th>Backfilled</th>
            <th>Lag p50</th>
            <th>Lag p95</th>
            <th>Lag p99</th>
            <th>Emails ok / failed</th>
            <th>Email success</th>
          </tr>
        </thead>
        <tbody>
          {report.periods.map((p) => (
            <tr key={p.key}>
              <td>{p.label}</td>
              <td>{p.vendor.messages}</td>
              <td>{p.vendor.webhookMessages}</td>
              <td>{percentLabel(p.vendor.deliveryRate)}</td>
              <td>{p.vendor.reconciledMessages}</td>
              <td>{p.vendor.backfilledEvents}</td>
              <td>{msLabel(p.vendor.lagP50Ms)}</td>
              <td>{msLabel(p.vendor.lagP95Ms)}</td>
              <td>{msLabel(p.vendor.lagP99Ms)}</td>
              <td>
                {p.email.succeeded} / {p.email.failed}
              </td>
              <td>{percentLabel(p.email.successRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
