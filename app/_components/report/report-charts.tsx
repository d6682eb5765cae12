import { COMPONENT_LABELS, EXTERNAL_COMPONENTS } from '@/lib/incidents/components';
import { VENDOR_COMPONENTS } from '@/lib/reports/assemble-report';
import type { Report } from '@/lib/reports/report-types';
import { StackedBarChart } from '../charts/bar-chart';
import { LineChart } from '../charts/line-chart';
import { COMPONENT_COLORS, OVERALL_COLOR } from './colors';

/** Milliseconds to seconds: the lag chart's values, title and axis are all in seconds. */
const seconds = (ms: number | null) => (ms === null ? null : ms / 1000);

const shortLabel = (key: string, granularity: Report['granularity']) =>
  granularity === 'month' ? key.slice(0, 7) : key.slice(5);

/** Uptime, downtime and webhook lag per period. */
export function ReportCharts({ report }: { report: Report }) {
  const categories = report.periods.map((p) => shortLabel(p.key, report.granularity));
  const uptimeSeries = [
    ...VENDOR_COMPONENTS.map((c) => ({
      name: COMPONENT_LABELS[c],
      color: COMPONENT_COLORS[c],
      values: report.periods.map((p) => (p.components[c].uptime === null ? null : p.components[c].uptime! * 100)),
    })),
    {
      name: 'Email',
      color: COMPONENT_COLORS.email,
      values: report.periods.map((p) => (p.components.email.uptime === null ? null : p.components.email.uptime! * 100)),
    },
    {
      name: 'Chat vendor overall',
      color: OVERALL_COLOR,
      dashed: true,
      values: report.periods.map((p) => (p.overall.uptime === null ? null : p.overall.uptime! * 100)),
    },
  ];
  const lowest = Math.min(
    ...uptimeSeries.flatMap((s) => s.values).filter((v): v is number => v !== null),
    report.slaTargetPercent,
  );
  const yMin = Math.max(0, Math.floor(lowest - (100 - lowest) * 0.2 - 0.01));
  return (
    <section className="rpt-charts" aria-label="Charts">
      <h2>Charts</h2>
      <LineChart
        testId="chart-uptime"
        title="Uptime per period (%)"
        description={`Uptime of each component per ${report.granularity}, from ${report.fromDay} to ${report.toDay}. The SLA target is ${report.slaTargetPercent} %.`}
        categories={categories}
        series={uptimeSeries}
        yMin={yMin}
        yMax={100}
        formatValue={(v) => `${v.toFixed(yMin >= 99 ? 2 : 1)} %`}
        emptyText="No monitoring data in this range."
      />
      <StackedBarChart
        testId="chart-downtime"
        title="Downtime per period (minutes)"
        description={`Minutes of downtime per ${report.granularity} and component, maintenance excluded.`}
        categories={categories}
        stacks={EXTERNAL_COMPONENTS.map((c) => ({
          name: COMPONENT_LABELS[c],
          color: COMPONENT_COLORS[c],
          values: report.periods.map((p) => p.components[c].downtimeMs / 60_000),
        }))}
        formatValue={(v) => `${Math.round(v)} min`}
      />
      <LineChart
        testId="chart-lag"
        title="Webhook lag per period (seconds)"
        description={`Webhook lag percentiles (received minus sent) per ${report.granularity} for ${report.vendor}.`}
        categories={categories}
        series={[
          { name: 'p50', color: '#0891b2', values: report.periods.map((p) => seconds(p.vendor.lagP50Ms)) },
          { name: 'p95', color: '#d97706', values: report.periods.map((p) => seconds(p.vendor.lagP95Ms)) },
          { name: 'p99', color: '#b91c1c', values: report.periods.map((p) => seconds(p.vendor.lagP99Ms)) },
        ]}
        formatValue={(v) => `${v < 10 ? v.toFixed(2) : v.toFixed(1)} s`}
        emptyText={`No webhooks from ${report.vendor} in this range.`}
      />
    </section>
  );
}
