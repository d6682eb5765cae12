import type { Db } from '../db/client';
import { partyOf } from '../incidents/blame';
import { COMPONENT_LABELS, COMPONENTS, type MonitorComponent } from '../incidents/components';
import { zonedDateTime } from '../time/zoned';
import type { MonitorLiveness } from './monitor-liveness';
import type { ComponentState } from './types';

/**
 * Each component's state now: outage while an incident is open (since its first failed run), maintenance inside
 * a window, degraded while a check fails but has not opened an incident yet, else operational since the last
 * outage ended. The monitor component is out when its heartbeat is stale.
 */
export async function getComponentStates(db: Db, now: Date, liveness: MonitorLiveness): Promise<ComponentState[]> {
  const [open, windows, checkStates, lastRecovered] = await Promise.all([
    db.incident.findMany({
      where: { status: 'OPEN' },
      select: { id: true, component: true, title: true, startedAt: true },
    }),
    db.maintenanceWindow.findMany({
      where: { startsAt: { lte: now }, endsAt: { gt: now } },
      orderBy: { startsAt: 'asc' },
    }),
    db.checkState.findMany({
      select: { component: true, consecutiveFailures: true, failingSince: true, lastError: true, check: true },
    }),
    db.incident.groupBy({ by: ['component'], where: { status: 'RESOLVED' }, _max: { recoveredAt: true } }),
  ]);
  return COMPONENTS.map((component: MonitorComponent): ComponentState => {
    const base = { component, party: partyOf(component), label: COMPONENT_LABELS[component] };
    const incident = open.find((i) => i.component === component);
    if (incident)
      return { ...base, state: 'outage', since: incident.startedAt, detail: incident.title, incidentId: incident.id };
    if (component === 'monitor' && liveness.stale) {
      return {
        ...base,
        state: liveness.lastSeenAt ? 'outage' : 'unknown',
        since: liveness.lastSeenAt,
        detail: liveness.lastSeenAt ? 'No heartbeat from the monitor' : 'The monitor has never run',
        incidentId: null,
      };
    }
    const window = windows.find((w) => w.component === null || w.component === component);
    if (window)
      return {
        ...base,
        state: 'maintenance',
        since: window.startsAt,
        detail: `${window.reason} (until ${zonedDateTime(window.endsAt, 'UTC')})`,
        incidentId: null,
      };
    const failing = checkStates.filter((s) => s.component === component && s.consecutiveFailures > 0);
    if (failing.length > 0) {
      const first = failing.reduce((a, b) => ((a.failingSince ?? now) <= (b.failingSince ?? now) ? a : b));
      return {
        ...base,
        state: 'degraded',
        since: first.failingSince,
        detail: first.lastError ? `${first.check}: ${first.lastError}` : `${first.check} is failing`,
        incidentId: null,
      };
    }
    const watched =
      component === 'monitor' ? liveness.lastSeenAt !== null : checkStates.some((s) => s.component === component);
    if (!watched) return { ...base, state: 'unknown', since: null, detail: 'Not checked yet', incidentId: null };
    const recovered = lastRecovered.find((r) => r.component === component)?._max.recoveredAt ?? null;
    return { ...base, state: 'operational', since: recovered, detail: null, incidentId: null };
  });
}
