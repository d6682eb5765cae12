import { COMPONENT_LABELS } from '@/lib/incidents/components';
import { msLabel } from '@/lib/reports/export/format';
import type { IncidentEvidence } from '@/lib/evidence/get-incident-evidence';
import { zonedDateTime } from '@/lib/time/zoned';

type Run = IncidentEvidence['runs'][number];

/** One failed run: its steps with timings, what the iframe logged and which requests failed, and its screenshot. */
export function RunEvidence({ run, index, timeZone }: { run: Run; index: number; timeZone: string }) {
  const screenshot = run.artifacts.find((a) => a.kind === 'SCREENSHOT');
  const trace = run.artifacts.find((a) => a.kind === 'TRACE');
  return (
    <article className="break-inside-avoid rounded-lg border border-slate-200 bg-white p-4" data-testid="evidence-run">
      <h3 className="font-medium">
        Run {index + 1}: {run.check}
        {run.attempt > 1 ? ` (retry ${run.attempt - 1})` : ''} · {zonedDateTime(run.startedAt, timeZone)} ·{' '}
        {msLabel(run.durationMs)}
        {run.timedOut ? ' · timed out' : ''}
      </h3>
      <p className="mt-1 text-sm text-slate-700">
        {run.failedStep ? `Failed at “${run.failedStep}”: ` : ''}
        {run.error ?? 'no error recorded'}
      </p>
      <table className="mt-3 w-full text-left text-xs">
        <thead className="text-slate-500">
          <tr>
            <th className="py-1 pr-2">#</th>
            <th className="pr-2">Step</th>
            <th className="pr-2">Component</th>
            <th className="pr-2">Result</th>
            <th className="pr-2 text-right">Time</th>
            <th>Error</th>
          </tr>
        </thead>
        <tbody>
          {run.steps.map((step) => (
            <tr key={step.id} className="border-t border-slate-100 align-top" data-testid="evidence-step">
              <td className="py-1 pr-2">{step.index + 1}</td>
              <td className="pr-2">{step.name}</td>
              <td className="pr-2">{COMPONENT_LABELS[step.component]}</td>
              <td className={`pr-2 ${step.status === 'FAILED' ? 'font-semibold text-red-700' : 'text-emerald-700'}`}>
                {step.status === 'FAILED' ? 'failed' : 'passed'}
              </td>
              <td className="pr-2 text-right">{msLabel(step.durationMs)}</td>
              <td className="break-all">{step.error ?? ''}</td>
            </tr>
          ))}
          {run.steps.length === 0 && (
            <tr>
              <td colSpan={6} className="py-1 text-slate-500">
                No steps recorded.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {run.browser.consoleErrors.length > 0 && (
        <>
          <h4 className="mt-3 text-sm font-medium">Console errors</h4>
          <ul className="mt-1 space-y-1 font-mono text-xs" data-testid="evidence-console">
            {run.browser.consoleErrors.map((e, i) => (
              <li key={i} className="break-all">
                [{e.frame ?? '?'}] {e.text}
                {e.url ? ` (${e.url})` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
      {run.browser.failedRequests.length > 0 && (
        <>
          <h4 className="mt-3 text-sm font-medium">Failed requests</h4>
          <ul className="mt-1 space-y-1 font-mono text-xs" data-testid="evidence-requests">
            {run.browser.failedRequests.map((r, i) => (
              <li key={i} className="break-all">
                [{r.frame ?? '?'}] {r.method ?? 'GET'} {r.url} → {r.status ?? r.failure ?? 'failed'}
              </li>
            ))}
          </ul>
        </>
      )}
      {run.browser.unreadable.length > 0 && (
        <p className="mt-2 break-all font-mono text-xs text-slate-500">
          Other evidence: {run.browser.unreadable.join(' ')}
        </p>
      )}
      {screenshot && (
        // eslint-disable-next-line @next/next/no-img-element -- an authenticated evidence file, printed as is
        <img
          src={`/api/artifacts/${screenshot.id}`}
          alt={`Screenshot of run ${index + 1} when it failed`}
          className="mt-3 max-h-72 rounded border border-slate-200"
          data-testid="evidence-screenshot"
        />
      )}
      {trace && (
        <p className="mt-2 text-xs print:hidden">
          <a href={`/api/artifacts/${trace.id}`} download className="text-indigo-700 hover:underline">
            Download the Playwright trace
          </a>
        </p>
      )}
    </article>
  );
}
