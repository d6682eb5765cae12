import { msLabel } from '@/lib/reports/export/format';
import type { LatencyPoint } from '@/lib/status/types';
import { LineChart } from '../../../_components/charts/line-chart';

const hour = (p: LatencyPoint) => `${p.at.toISOString().slice(11, 13)}h`;
const format = (v: number) => msLabel(v);

/** p50/p95 of the synthetic journey and of webhook lag, per hour over the last 24 h. */
export function LatencyCharts({
  journey,
  webhookLag,
  vendor,
}: {
  journey: LatencyPoint[];
  webhookLag: LatencyPoint[];
  vendor: string;
}) {
  const journeySamples = journey.reduce((n, p) => n + p.samples, 0);
  const lagSamples = webhookLag.reduce((n, p) => n + p.samples, 0);
  return (
    <section aria-labelledby="latency-heading" className="mt-8">
      <h2 id="latency-heading" className="text-lg font-semibold">
        Last 24 hours
      </h2>
      <div className="mt-3 grid gap-4 lg:grid-cols-2">
        <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
          <LineChart
            testId="chart-journey"
            title="Chat journey time"
            description={`p50 and p95 of the synthetic chat journey (sign-in to email accepted) per hour, UTC; ${journeySamples} passed runs.`}
            categories={journey.map(hour)}
            series={[
              { name: 'p50', color: '#4f46e5', values: journey.map((p) => p.p50Ms) },
              { name: 'p95', color: '#d97706', values: journey.map((p) => p.p95Ms) },
            ]}
            formatValue={format}
            emptyText="No chat journey has passed in the last 24 hours."
          />
          <p className="mt-1 text-xs text-slate-500">
            {journeySamples} passed runs{journeySamples === 0 ? ': no journey has passed in 24 h' : ''}.
          </p>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
          <LineChart
            testId="chart-webhook-lag"
            title={`Webhook lag (${vendor})`}
            description={`p50 and p95 of the time from the vendor's event to our receipt, per hour, UTC; ${lagSamples} webhooks.`}
            categories={webhookLag.map(hour)}
            series={[
              { name: 'p50', color: '#0891b2', values: webhookLag.map((p) => p.p50Ms) },
              { name: 'p95', color: '#b91c1c', values: webhookLag.map((p) => p.p95Ms) },
            ]}
            formatValue={format}
            emptyText="No webhook received in the last 24 hours."
          />
          <p className="mt-1 text-xs text-slate-500">{lagSamples} webhooks received.</p>
        </div>
      </div>
    </section>
  );
}
