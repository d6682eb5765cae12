import type { FaultParty, MonitorComponent } from '../../lib/db/generated/enums';
import { KINDS, type FaultKind } from './kinds';

/** One injected fault as the ground truth has it (the sandbox's fault log, or the bench's own log). */
export interface TruthFault {
  kind: FaultKind;
  startedAt: Date;
  endedAt: Date;
  /** Why the monitor never had the runs to see it (the hold reached its bound): scored "not observed", not missed. */
  notObserved?: string;
}

/** One incident the monitor opened, with what its alerts did. */
export interface ObservedIncident {
  id: string;
  component: MonitorComponent;
  party: FaultParty;
  detectedAt: Date;
  /** The first alert any channel accepted for it, or null. */
  firstAlertAt: Date | null;
  /** Alerts accepted per channel (opening, recovery, reminders). */
  alerts: Record<string, number>;
}

export type Verdict = 'detected' | 'consequence' | 'mis-blamed' | 'false';

export interface IncidentVerdict {
  incident: ObservedIncident;
  verdict: Verdict;
  /** Index of the fault whose window it fell in, or null (a false incident). */
  fault: number | null;
}

export interface FaultScore {
  fault: TruthFault;
  missed: boolean;
  /** The reason the fault was not observed (its hold reached the bound), or null. */
  notObserved: string | null;
  misBlamed: number;
  detectMs: number | null;
  alertMs: number | null;
  alerts: Record<string, number>;
}

export interface Score {
  faults: FaultScore[];
  incidents: IncidentVerdict[];
  missed: number;
  notObserved: number;
  falseIncidents: number;
  misBlamed: number;
}

/**
 * Scores incidents against the ground truth. An incident belongs to the fault whose matching window
 * [startedAt, endedAt + tailMs] holds its detectedAt (windows must not overlap: the bench spaces faults).
 * In a window: the fault's own component detects it, a listed consequence is right, anything else is a
 * mis-blame. Outside every window: a false incident. A fault with no detecting incident is missed.
 * Time-to-detect and time-to-alert run from the fault's start to the first detecting incident's detectedAt
 * and to the first alert accepted for any of the window's right incidents. A fault the monitor never had the runs
 * to see (`notObserved`) and that nothing detected is "not observed" with its reason, not missed. Pure:
 * unit-tested on hand-made data.
 */
export function scoreRun(faults: readonly TruthFault[], incidents: readonly ObservedIncident[], tailMs: number): Score {
  const windowOf = (at: Date) =>
    faults.findIndex((f) => at >= f.startedAt && at.getTime() <= f.endedAt.getTime() + tailMs);
  const verdicts: IncidentVerdict[] = incidents.map((incident) => {
    const index = windowOf(incident.detectedAt);
    if (index < 0) return { incident, verdict: 'false', fault: null };
    const truth = KINDS[faults[index]!.kind];
    const verdict: Verdict =
      incident.component === truth.component
        ? 'detected'
        : incident.party === truth.party && truth.alsoRight.includes(incident.component)
          ? 'consequence'
          : 'mis-blamed';
    return { incident, verdict, fault: index };
  });
  const scores = faults.map((fault, index): FaultScore => {
    const mine = verdicts.filter((v) => v.fault === index);
    const right = mine.filter((v) => v.verdict === 'detected' || v.verdict === 'consequence');
    const detecting = mine
      .filter((v) => v.verdict === 'detected')
      .map((v) => v.incident.detectedAt.getTime())
      .sort((a, b) => a - b);
    const alertTimes = right
      .map((v) => v.incident.firstAlertAt?.getTime())
      .filter((t): t is number => t !== undefined)
      .sort((a, b) => a - b);
    const alerts: Record<string, number> = {};
    for (const v of right)
      for (const [channel, n] of Object.entries(v.incident.alerts)) alerts[channel] = (alerts[channel] ?? 0) + n;
    const start = fault.startedAt.getTime();
    const unseen = detecting.length === 0 && fault.notObserved ? fault.notObserved : null;
    return {
      fault,
      missed: detecting.length === 0 && !unseen,
      notObserved: unseen,
      misBlamed: mine.filter((v) => v.verdict === 'mis-blamed').length,
      detectMs: detecting.length ? detecting[0]! - start : null,
      alertMs: alertTimes.length ? alertTimes[0]! - start : null,
      alerts,
    };
  });
  return {
    faults: scores,
    incidents: verdicts,
    missed: scores.filter((s) => s.missed).length,
    notObserved: scores.filter((s) => s.notObserved).length,
    falseIncidents: verdicts.filter((v) => v.verdict === 'false').length,
    misBlamed: verdicts.filter((v) => v.verdict === 'mis-blamed').length,
  };
}
