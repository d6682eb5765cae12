import type { MonitorComponent } from '../../lib/incidents/components';
import { failuresToOpenFor } from '../rum/threshold';

// The incident rules as a pure function, so they are tested on hand-made sequences (outcome.test.ts) and
// applied in one transaction by apply-outcome.ts.

/** The counted results of one check for one component (a CheckState row). */
export interface Stream {
  check: string;
  component: MonitorComponent;
  consecutiveFailures: number;
  consecutivePasses: number;
  failingSince: Date | null;
  passingSince: Date | null;
  lastStatus: 'PASSED' | 'FAILED' | 'RUNNING';
  lastRunAt: Date;
  lastRunId: string | null;
  lastError: string | null;
}

/** What one counted run said about one component. */
export interface Observation {
  component: MonitorComponent;
  passed: boolean;
  error?: string;
  /** When it was observed: a failure's failing step start (the fault was seen then, not at the run's start). */
  at?: Date;
}

export interface OpenIncident {
  id: string;
  component: MonitorComponent;
  openedBy: string;
  startedAt: Date;
}

export type Decision =
  | { type: 'open'; component: MonitorComponent; startedAt: Date; error: string }
  | { type: 'attach'; component: MonitorComponent; incidentId: string; error: string }
  | { type: 'resolve'; component: MonitorComponent; incidentId: string; recoveredAt: Date };

export interface EvaluateInput {
  check: string;
  run: { id: string; startedAt: Date };
  observations: Observation[];
  /** Every stream of the observed components, of every check. */
  streams: Stream[];
  openIncidents: OpenIncident[];
  isLagging: (check: string) => boolean;
  failuresToOpen: number;
  /** Components real users' failures corroborate (a RUM-triggered run): they need one counted failure fewer, never 0. */
  corroborated?: readonly MonitorComponent[];
  passesToResolve: number;
}

export interface EvaluateResult {
  /** This check's streams after the run. */
  updated: Stream[];
  decisions: Decision[];
  /** Run the check again soon (a failure to confirm, or a recovery to confirm). */
  confirm: boolean;
}

function next(previous: Stream | undefined, check: string, o: Observation, run: EvaluateInput['run']): Stream {
  const base: Stream = previous ?? {
    check,
    component: o.component,
    consecutiveFailures: 0,
    consecutivePasses: 0,
    failingSince: null,
    passingSince: null,
    lastStatus: 'RUNNING',
    lastRunAt: run.startedAt,
    lastRunId: null,
    lastError: null,
  };
  return o.passed
    ? {
        ...base,
        consecutivePasses: base.consecutivePasses + 1,
        consecutiveFailures: 0,
        failingSince: null,
        passingSince: base.passingSince ?? run.startedAt,
        lastStatus: 'PASSED',
        lastRunAt: run.startedAt,
        lastRunId: run.id,
        lastError: null,
      }
    : {
        ...base,
        consecutiveFailures: base.consecutiveFailures + 1,
        consecutivePasses: 0,
        failingSince: base.failingSince ?? o.at ?? run.startedAt,
        passingSince: null,
        lastStatus: 'FAILED',
        lastRunAt: run.startedAt,
        lastRunId: run.id,
        lastError: o.error ?? 'failed',
      };
}

/**
 * Per component: N consecutive failures of one check open an incident (one per component); while it is
 * open, further failures are attached to it. It resolves when every stream that matters has M consecutive
 * passes: the live checks that ran since it started, and the check that opened it even if that one lags.
 * A lagging check never holds open an incident someone else opened, nor gets confirmation runs.
 */
export function evaluate(input: EvaluateInput): EvaluateResult {
  const lagging = input.isLagging(input.check);
  const updated: Stream[] = [];
  const decisions: Decision[] = [];
  let confirm = false;

  for (const o of input.observations) {
    const previous = input.streams.find((s) => s.check === input.check && s.component === o.component);
    const stream = next(previous, input.check, o, input.run);
    updated.push(stream);
    const incident = input.openIncidents.find((i) => i.component === o.component);

    if (!o.passed) {
      if (incident)
        decisions.push({ type: 'attach', component: o.component, incidentId: incident.id, error: stream.lastError! });
      else if (
        stream.consecutiveFailures >= failuresToOpenFor(o.component, input.failuresToOpen, input.corroborated ?? [])
      )
        decisions.push({
          type: 'open',
          component: o.component,
          startedAt: stream.failingSince!,
          error: stream.lastError!,
        });
      else if (!lagging) confirm = true;
      continue;
    }
    if (!incident) continue;
    const all = [...input.streams.filter((s) => s.component === o.component && s.check !== input.check), stream];
    const relevant = all.filter(
      (s) => s.check === incident.openedBy || (!input.isLagging(s.check) && s.lastRunAt >= incident.startedAt),
    );
    if (relevant.length > 0 && relevant.every((s) => s.consecutivePasses >= input.passesToResolve)) {
      const recoveredAt = new Date(Math.max(...relevant.map((s) => (s.passingSince ?? input.run.startedAt).getTime())));
      decisions.push({ type: 'resolve', component: o.component, incidentId: incident.id, recoveredAt });
    } else if (!lagging && stream.consecutivePasses < input.passesToResolve) {
      confirm = true;
    }
  }
  return { updated, decisions, confirm };
}
