import Link from 'next/link';
import { COMPONENT_LABELS } from '@/lib/incidents/components';
import { msLabel } from '@/lib/reports/export/format';
import type { FailedRun } from '@/lib/status/list-failed-runs';
import { zonedDateTime } from '@/lib/time/zoned';

/** The latest failed runs: what failed, a screenshot thumbnail and the Playwright trace. */
export function FailedRuns({ runs, timeZone }: { runs: FailedRun[]; timeZone: string }) {
  return (
    <section aria-labelledby="failed-heading" className="mt-8">
      <h2 id="failed-heading" className="text-lg font-semibold">
        Recent failed runs
      </h2>
      {runs.length === 0 ? (
        <p
          className="mt-2 rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-600"
          data-testid="no-failed-runs"
        >
          No failed runs in the last 24 hours.
        </p>
      ) : (
        <ul className="mt-3 grid gap-3 md:grid-cols-2">
          {runs.map((run) => {
            const screenshot = run.artifacts.find((a) => a.kind === 'SCREENSHOT');
            const trace = run.artifacts.find((a) => a.kind === 'TRACE');
            return (
              <li
                key={run.id}
                className="flex gap-3 rounded-xl border border-slate-200 bg-white p-3 shadow-sm"
                data-testid="failed-run"
              >
                {screenshot ? (
                  <a href={`/api/artifacts/${screenshot.id}`} target="_blank" rel="noreferrer" className="shrink-0">
                    {/* eslint-disable-next-line @next/next/no-img-element -- an authenticated evidence file, not an optimisable asset */}
                    <img
                      src={`/api/artifacts/${screenshot.id}`}
                      alt={`Screenshot of the failed ${run.check} run at ${zonedDateTime(run.startedAt, timeZone)}`}
                      width={128}
                      height={80}
                      loading="lazy"
                      className="h-20 w-32 rounded border border-slate-200 object-cover object-top"
                      data-testid="run-screenshot"
                    />
                  </a>
                ) : (
                  <div className="flex h-20 w-32 shrink-0 items-center justify-center rounded border border-dashed border-slate-300 text-xs text-slate-500">
                    no screenshot
                  </div>
                )}
                <div className="min-w-0 text-sm">
                  <p className="font-medium">
                    {run.check}
                    {run.attempt > 1 ? ` (retry ${run.attempt - 1})` : ''} ·{' '}
                    {run.failedComponent ? COMPONENT_LABELS[run.failedComponent] : 'unknown component'}
                  </p>
                  <p className="text-xs text-slate-500">
                    {zonedDateTime(run.startedAt, timeZone)} · {msLabel(run.durationMs)}
                    {run.timedOut ? ' · timed out' : ''}
                  </p>
                  <p className="mt-1 line-clamp-2 break-words text-slate-700">
                    {run.failedStep ? `${run.failedStep}: ` : ''}
                    {run.error ?? 'no error recorded'}
                  </p>
                  <p className="mt-1 flex gap-3 text-xs">
                    {trace && (
                      <a
                        href={`/api/artifacts/${trace.id}`}
                        download
                        className="text-indigo-700 hover:underline"
                        data-testid="run-trace"
                      >
                        Download trace
                      </a>
                    )}
                    {run.incidentId && (
                      <Link href={`/incidents/${run.incidentId}`} className="text-indigo-700 hover:underline">
                        Incident
                      </Link>
                    )}
                  </p>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
