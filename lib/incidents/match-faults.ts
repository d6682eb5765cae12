import type { MonitorComponent } from './components';
import type { GroundTruthFault } from './faults/types';

export interface IncidentSpan {
  component: MonitorComponent;
  startedAt: Date;
  detectedAt: Date;
  resolvedAt: Date | null;
}

/** How long before the first failed run a fault may have ended and still explain it, for a live check: a fault that was over before the run began cannot have failed it (the slack covers clocks and propagation). */
export const FAULT_SLACK_MS = 5_000;

/**
 * The faults that explain an incident: they can break its component, started before it was detected
 * (or resolved), and were still active when its first failed run began — give or take `slackMs`, which an
 * audit of the past (reconciliation) widens to how far back it looks.
 */
export function matchFaults(
  incident: IncidentSpan,
  faults: GroundTruthFault[],
  slackMs = FAULT_SLACK_MS,
): GroundTruthFault[] {
  const latestStart = (incident.resolvedAt ?? incident.detectedAt).getTime();
  const earliestEnd = incident.startedAt.getTime() - slackMs;
  return faults.filter(
    (f) =>
      f.components.includes(incident.component) &&
      f.startedAt.getTime() <= latestStart &&
      (f.endedAt === null || f.endedAt.getTime() >= earliestEnd),
  );
}
