import type { JourneyLiveness, MonitorLiveness } from '@/lib/status/monitor-liveness';
import type { ComponentState } from '@/lib/status/types';
import { zonedDateTime } from '@/lib/time/zoned';
import { since } from '../../../_components/time';

/** The answer to "is chat broken right now, and since when?" in one sentence, announced when it changes (no "ago" in it: that would change on every refresh). */
export function StatusBanner({
  states,
  liveness,
  journeys,
  now,
  timeZone,
}: {
  states: ComponentState[];
  liveness: MonitorLiveness;
  journeys?: JourneyLiveness;
  now: Date;
  timeZone: string;
}) {
  // The headline is about the chat: our own parts' outages are shown in their rows (and page engineers), not here.
  const outages = states.filter((s) => s.state === 'outage' && s.party !== 'ours');
  const degraded = states.filter((s) => s.state === 'degraded');
  const tone = outages.length
    ? 'border-red-300 bg-red-50 text-red-900'
    : degraded.length
      ? 'border-amber-300 bg-amber-50 text-amber-900'
      : 'border-emerald-300 bg-emerald-50 text-emerald-900';
  const headline = outages.length
    ? outages.map((s) => `${s.label} down since ${s.since ? zonedDateTime(s.since, timeZone) : 'unknown'}`).join(' · ')
    : degraded.length
      ? `Degraded: ${degraded.map((s) => s.label).join(', ')} failing checks, not yet confirmed`
      : 'All monitored components are operational';
  return (
    <div className="mt-4 space-y-2">
      <p className={`rounded-lg border px-4 py-3 font-medium ${tone}`} aria-live="polite" data-testid="status-banner">
        {headline}
      </p>
      {journeys && !journeys.running && (
        <p
          role="alert"
          className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900"
          data-testid="journeys-not-running"
        >
          Browser journeys not running{journeys.since ? ` since ${since(journeys.since, now, timeZone)}` : ''}:{' '}
          {journeys.reason ?? 'no browser'}. The other checks still run; the chat UI is not being checked.
        </p>
      )}
      {liveness.stale && (
        <p
          role="alert"
          className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900"
          data-testid="monitor-stale"
        >
          {liveness.lastSeenAt
            ? `The monitor has not reported since ${since(liveness.lastSeenAt, now, timeZone)}: states below may be out of date.`
            : 'The monitor has not run yet: there is no data to show.'}
        </p>
      )}
    </div>
  );
}
