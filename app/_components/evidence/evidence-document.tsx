import type { ReactNode } from 'react';
import { PARTY_LABELS } from '@/lib/incidents/blame';
import { COMPONENT_LABELS } from '@/lib/incidents/components';
import { duration } from '@/lib/reports/export/format';
import type { IncidentEvidence } from '@/lib/evidence/get-incident-evidence';
import { IncidentTimeline } from '../../(app)/status/_components/incident-timeline';
import { zonedDateTime } from '@/lib/time/zoned';
import { RunEvidence } from './run-evidence';

/** How many runs the page and the PDF show in full; the ZIP has more. */
export const RUNS_SHOWN = 20;

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="font-medium">{children}</dd>
    </div>
  );
}

/** An incident's evidence: shown on /incidents/[id] and printed to its PDF. `actions` goes under the timeline (the note form). */
export function EvidenceDocument({
  evidence,
  actions,
  timeZone,
}: {
  evidence: IncidentEvidence;
  actions?: ReactNode;
  /** The reader's zone on the incident page; UTC in the PDF and pack for the vendor. */
  timeZone: string;
}) {
  const at = (time: Date) => zonedDateTime(time, timeZone);
  const { incident, affected } = evidence;
  const end = incident.recoveredAt ?? evidence.generatedAt;
  const mttd = incident.detectedAt.getTime() - (evidence.faultStartedAt ?? incident.startedAt).getTime();
  return (
    <article className="space-y-6" data-testid="evidence-document">
      <header>
        <p className="text-sm text-slate-500">Incident evidence · {COMPONENT_LABELS[incident.component]}</p>
        <h1 className="text-2xl font-semibold" data-testid="incident-title">
          {incident.title}
        </h1>
        <p
          className={`mt-1 inline-block rounded-full px-2 py-0.5 text-xs font-medium ${incident.status === 'OPEN' ? 'bg-red-100 text-red-800' : 'bg-emerald-100 text-emerald-800'}`}
          data-testid="incident-status"
        >
          {incident.status === 'OPEN' ? 'Open' : 'Resolved'}
        </p>
        <dl className="mt-4 grid grid-cols-2 gap-3 text-sm md:grid-cols-4">
          <Fact label="Down since (first failed run)">{at(incident.startedAt)}</Fact>
          <Fact label="Detected (incident opened)">{at(incident.detectedAt)}</Fact>
          <Fact label="Recovered (first passing run)">
            {incident.recoveredAt ? at(incident.recoveredAt) : 'not yet'}
          </Fact>
          <Fact label="Outage length">
            {duration(end.getTime() - incident.startedAt.getTime())}
            {incident.recoveredAt ? '' : ' so far'}
          </Fact>
          <Fact label="Time to detect">
            {duration(Math.max(0, mttd))}
            {evidence.faultStartedAt ? ' (from the fault start)' : ''}
          </Fact>
          <Fact label="Failed runs">{incident.failedRunCount}</Fact>
          <Fact label="Opened by">{incident.openedBy}</Fact>
          <Fact label="Resolved">{incident.resolvedAt ? at(incident.resolvedAt) : '—'}</Fact>
        </dl>
      </header>

      {evidence.summary === null ? (
        <section className="rounded-lg border border-amber-300 bg-amber-50 p-4" data-testid="evidence-internal">
          <h2 className="font-semibold">Internal incident: {PARTY_LABELS.ours} at fault</h2>
          <p className="mt-2 text-sm">
            A fault of ours (
            {incident.party === 'ours'
              ? COMPONENT_LABELS[incident.component]
              : 'every linked run was blamed on our own parts'}
            ). It pages our engineers and is left out of vendor reports, vendor uptime and evidence packs; there is
            nothing to send the vendor.
          </p>
        </section>
      ) : (
        <section aria-labelledby="summary-heading" className="rounded-lg border border-indigo-200 bg-indigo-50 p-4">
          <h2 id="summary-heading" className="font-semibold">
            Summary for the vendor
          </h2>
          <p className="mt-2 whitespace-pre-wrap text-sm leading-relaxed" data-testid="evidence-summary">
            {evidence.summary}
          </p>
        </section>
      )}

      <section aria-labelledby="impact-heading">
        <h2 id="impact-heading" className="font-semibold">
          Impact on real users
        </h2>
        <dl className="mt-2 grid grid-cols-2 gap-3 text-sm md:grid-cols-4" data-testid="evidence-impact">
          <Fact label="Conversations affected">{affected.conversations}</Fact>
          <Fact label="Messages sent during the outage">{affected.messages}</Fact>
          <Fact label="Webhooks missing (backfilled)">{affected.webhooksMissing}</Fact>
          <Fact label="Emails delayed">{affected.emailsDelayed}</Fact>
        </dl>
        <p className="mt-1 text-xs text-slate-500">
          Window {at(affected.windowFrom)} to {at(affected.windowTo)}; the canary conversation is not counted.
        </p>
      </section>

      {incident.faults.length > 0 && (
        <section aria-labelledby="faults-heading">
          <h2 id="faults-heading" className="font-semibold">
            Matched faults
          </h2>
          <ul className="mt-2 text-sm">
            {incident.faults.map((f) => (
              <li key={f.id}>
                {f.source} fault <code>{f.mode}</code> ({f.externalId}): {at(f.startedAt)} →{' '}
                {f.endedAt ? at(f.endedAt) : 'still active'}
                {f.probability !== null && f.probability < 1
                  ? `, ${Math.round(f.probability * 100)} % of requests`
                  : ''}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading" className="font-semibold">
          Timeline
        </h2>
        <IncidentTimeline updates={incident.updates} timeZone={timeZone} />
        {actions}
      </section>

      {incident.alerts.length > 0 && (
        <section aria-labelledby="alerts-heading">
          <h2 id="alerts-heading" className="font-semibold">
            Alerts sent to engineers
          </h2>
          <ul className="mt-2 text-sm">
            {incident.alerts.map((a, i) => (
              <li key={i}>
                {at(a.sentAt ?? a.createdAt)} · {a.channel} · {a.kind.toLowerCase()} · {a.status.toLowerCase()}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="runs-heading">
        <h2 id="runs-heading" className="font-semibold">
          Failed runs
        </h2>
        <p className="text-sm text-slate-600">
          {evidence.runCount === 0
            ? 'No runs are linked to this incident.'
            : `Showing ${Math.min(RUNS_SHOWN, evidence.runs.length)} of ${evidence.runCount}; the ZIP has up to ${evidence.runs.length}.`}
        </p>
        <div className="mt-3 space-y-4">
          {evidence.runs.slice(0, RUNS_SHOWN).map((run, i) => (
            <RunEvidence key={run.id} run={run} index={i} timeZone={timeZone} />
          ))}
        </div>
      </section>
    </article>
  );
}
