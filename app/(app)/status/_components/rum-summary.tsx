import { msLabel, percentLabel } from '@/lib/reports/export/format';
import type { RumSummary } from '@/lib/status/get-rum-summary';

/** Real users' chat embed loads (RUM beacons), beside what the synthetic monitor sees. */
export function RumSummaryCard({ rum }: { rum: RumSummary }) {
  return (
    <section
      aria-labelledby="rum-heading"
      className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
      data-testid="rum-summary"
    >
      <h2 id="rum-heading" className="font-semibold">
        Real users: chat loads, last 24 h
      </h2>
      {rum.attempts === 0 ? (
        <p className="mt-2 text-sm text-slate-600">No real user opened a chat in the last 24 hours.</p>
      ) : (
        <dl className="mt-2 grid grid-cols-2 gap-2 text-sm">
          <div>
            <dt className="text-slate-500">Success rate</dt>
            <dd className="text-xl font-semibold" data-testid="rum-success-rate">
              {percentLabel(rum.successRate, 1)}
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">Loads</dt>
            <dd className="text-xl font-semibold">{rum.attempts}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Timed out / errors</dt>
            <dd>
              {rum.timeouts} / {rum.errors}
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">Load time p50 / p95</dt>
            <dd>
              {msLabel(rum.p50LoadMs)} / {msLabel(rum.p95LoadMs)}
            </dd>
          </div>
        </dl>
      )}
    </section>
  );
}
