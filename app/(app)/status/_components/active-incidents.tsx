import Link from 'next/link';
import { COMPONENT_LABELS } from '@/lib/incidents/components';
import type { ActiveIncident } from '@/lib/status/list-incidents';
import { Since } from '../../../_components/since';
import { zonedDateTime } from '@/lib/time/zoned';
import { IncidentTimeline } from './incident-timeline';
import { NoteForm } from './note-form';

/** Open incidents, each with its timeline and a form for support's updates. */
export function ActiveIncidents({
  incidents,
  now,
  timeZone,
}: {
  incidents: ActiveIncident[];
  now: Date;
  timeZone: string;
}) {
  return (
    <section aria-labelledby="active-heading" className="mt-8">
      <h2 id="active-heading" className="text-lg font-semibold">
        Active incidents
      </h2>
      {incidents.length === 0 ? (
        <p
          className="mt-2 rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-600"
          data-testid="no-active-incidents"
        >
          No open incidents.
        </p>
      ) : (
        <ul className="mt-3 space-y-4">
          {incidents.map((incident) => (
            <li
              key={incident.id}
              className="rounded-xl border border-red-200 bg-white p-4 shadow-sm"
              data-testid="active-incident"
              data-component={incident.component}
            >
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <h3 className="font-semibold text-red-800">
                  <Link
                    href={`/incidents/${incident.id}`}
                    className="hover:underline"
                    data-testid="active-incident-link"
                  >
                    {incident.title}
                  </Link>
                </h3>
                <span className="text-sm text-slate-600">
                  {COMPONENT_LABELS[incident.component]} · down since{' '}
                  <Since
                    at={incident.startedAt.toISOString()}
                    now={now.toISOString()}
                    label={zonedDateTime(incident.startedAt, timeZone)}
                  />
                </span>
              </div>
              <p className="mt-1 text-xs text-slate-500">
                Detected {zonedDateTime(incident.detectedAt, timeZone)} · {incident.failedRunCount} failed run(s)
                {incident.missingWebhooks > 0 ? ` · ${incident.missingWebhooks} missing webhook(s)` : ''}
              </p>
              <IncidentTimeline updates={incident.updates} timeZone={timeZone} />
              <NoteForm incidentId={incident.id} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
