import Link from 'next/link';
import { percentLabel } from '@/lib/reports/export/format';
import type { ComponentState, UptimeBar as Bar } from '@/lib/status/types';
import { zonedDateTime } from '@/lib/time/zoned';
import { Since } from '../../../_components/since';
import { StateBadge } from './state-badge';
import { UptimeBar } from './uptime-bar';

/** Monitored time as days and hours: the coverage behind an uptime figure. */
function coverage(ms: number): string {
  const hours = Math.floor(ms / 3_600_000);
  return hours >= 24
    ? `${Math.floor(hours / 24)} d ${hours % 24} h`
    : hours >= 1
      ? `${hours} h ${Math.floor((ms % 3_600_000) / 60_000)} min`
      : `${Math.floor(ms / 60_000)} min`;
}

const GROUPS = [
  { key: 'external', title: 'The chat vendor and SendGrid', match: (s: ComponentState) => s.party !== 'ours' },
  {
    key: 'ours',
    title: 'Ours (app, message pipeline, database, monitor): never counted against the vendor',
    match: (s: ComponentState) => s.party === 'ours',
  },
] as const;

/** One row per component, the vendor's parts apart from ours: its state now, since when, and 90 days of uptime with their coverage. */
export function ComponentRows({
  states,
  bars,
  now,
  timeZone,
  showDetails,
}: {
  states: ComponentState[];
  bars: Bar[];
  now: Date;
  /** The reader's zone (UTC on the public page). */
  timeZone: string;
  showDetails: boolean;
}) {
  return (
    <section
      aria-labelledby="components-heading"
      className="mt-6 rounded-xl border border-slate-200 bg-white shadow-sm"
    >
      <h2 id="components-heading" className="sr-only">
        Components
      </h2>
      {GROUPS.map((group) => (
        <div key={group.key} data-testid={`components-${group.key}`}>
          <h3 className="border-b border-slate-200 bg-slate-50 px-4 py-2 text-xs font-semibold uppercase tracking-wide text-slate-600">
            {group.title}
          </h3>
          <ul className="divide-y divide-slate-200">
            {states.filter(group.match).map((state) => {
              const bar = bars.find((b) => b.component === state.component)!;
              return (
                <li key={state.component} className="p-4" data-testid={`component-${state.component}`}>
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <div className="flex flex-wrap items-center gap-3">
                      <h3 className="font-medium">{state.label}</h3>
                      <StateBadge state={state.state} testId={`state-${state.component}`} />
                      <span className="text-sm text-slate-600" data-testid={`since-${state.component}`}>
                        {state.since ? (
                          <>
                            since{' '}
                            <Since
                              at={state.since.toISOString()}
                              now={now.toISOString()}
                              label={zonedDateTime(state.since, timeZone)}
                            />
                          </>
                        ) : state.state === 'operational' ? (
                          'no outage recorded'
                        ) : (
                          ''
                        )}
                      </span>
                    </div>
                    <span className="text-sm text-slate-600">
                      <span className="font-medium text-slate-900" data-testid={`uptime-${state.component}`}>
                        {percentLabel(bar.uptime, 3)}
                      </span>{' '}
                      uptime, 90 days{' '}
                      <span data-testid={`coverage-${state.component}`}>
                        ({bar.monitoredMs > 0 ? `monitored ${coverage(bar.monitoredMs)}` : 'not monitored'})
                      </span>
                    </span>
                  </div>
                  {showDetails && state.detail && (
                    <p className="mt-1 text-sm text-slate-700">
                      {state.incidentId ? (
                        <Link href={`/incidents/${state.incidentId}`} className="text-red-700 hover:underline">
                          {state.detail}
                        </Link>
                      ) : (
                        state.detail
                      )}
                    </p>
                  )}
                  <div className="mt-3">
                    <UptimeBar
                      label={state.label}
                      testId={`uptime-bar-${state.component}`}
                      cells={bar.cells.map((c) => ({
                        day: c.day,
                        hasData: c.hasData,
                        uptime: c.uptime,
                        monitoredMinutes: c.monitoredMs / 60_000,
                        downtimeMinutes: c.downtimeMs / 60_000,
                        maintenanceMinutes: c.maintenanceMs / 60_000,
                        incidents: c.incidents,
                        incidentCount: c.incidentCount,
                      }))}
                    />
                    <div className="mt-1 flex justify-between text-xs text-slate-500" aria-hidden="true">
                      <span>{bar.cells[0]?.day}</span>
                      <span>today</span>
                    </div>
                  </div>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
      <p className="border-t border-slate-200 px-4 py-2 text-xs text-slate-600">
        Cells: <span className="inline-block h-2 w-3 rounded-sm bg-emerald-500 align-middle" /> no downtime ·{' '}
        <span className="inline-block h-2 w-3 rounded-sm bg-lime-500 align-middle" /> ≤ 5 min ·{' '}
        <span className="inline-block h-2 w-3 rounded-sm bg-amber-400 align-middle" /> ≤ 30 min ·{' '}
        <span className="inline-block h-2 w-3 rounded-sm bg-orange-500 align-middle" /> ≤ 2 h ·{' '}
        <span className="inline-block h-2 w-3 rounded-sm bg-red-600 align-middle" /> more ·{' '}
        <span className="inline-block h-2 w-3 rounded-sm bg-slate-200 align-middle" /> no data. Days are UTC;
        maintenance is not counted.
      </p>
    </section>
  );
}
