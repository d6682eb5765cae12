import type { Logger } from 'pino';
import type { Db } from '../../lib/db/client';
import type { MonitorComponent } from '../../lib/incidents/components';
import { openIncident } from '../../lib/incidents/open-incident';
import { recordIncidentFailure } from '../../lib/incidents/record-incident-failure';
import { resolveIncident } from '../../lib/incidents/resolve-incident';
import { evaluate, type Observation, type Stream } from './outcome';

export interface ApplyOutcomeInput {
  check: string;
  /** The counted attempt. */
  run: { id: string; startedAt: Date };
  /** Every attempt of this counted run (the first and its retry): all are evidence. */
  attemptIds: string[];
  observations: Observation[];
  isLagging: (check: string) => boolean;
  failuresToOpen: number;
  /** Components whose failure real users already reported (a RUM-triggered run): they open one failure sooner. */
  corroborated?: readonly MonitorComponent[];
  passesToResolve: number;
  now: Date;
}

export interface AppliedOutcome {
  opened: string[];
  resolved: string[];
  confirm: boolean;
}

/** Feeds one counted run into the check's streams and opens, extends or resolves incidents, in one transaction. */
export async function applyOutcome(deps: { db: Db; log: Logger }, input: ApplyOutcomeInput): Promise<AppliedOutcome> {
  if (input.observations.length === 0) return { opened: [], resolved: [], confirm: false };
  return deps.db.$transaction(
    async (tx) => {
      const ctx = { db: tx, log: deps.log };
      const observations = await withClearedBlame(tx, input);
      const components = observations.map((o) => o.component);
      const streams = (await tx.checkState.findMany({ where: { component: { in: components } } })) as Stream[];
      const openIncidents = await tx.incident.findMany({
        where: { openComponent: { in: components } },
        select: { id: true, component: true, openedBy: true, startedAt: true },
      });
      const result = evaluate({ ...input, observations, streams, openIncidents });

      for (const s of result.updated) {
        const data = { ...s, lastStatus: s.lastStatus };
        await tx.checkState.upsert({
          where: { check_component: { check: s.check, component: s.component } },
          create: data,
          update: data,
        });
      }
      const opened: string[] = [];
      const resolved: string[] = [];
      for (const d of result.decisions) {
        if (d.type === 'open') {
          const runs = await tx.checkRun.findMany({
            // Every failed run of the streak: those that ended after its first failing observation began.
            where: {
              check: input.check,
              failedComponent: d.component,
              status: 'FAILED',
              incidentId: null,
              finishedAt: { gte: d.startedAt },
            },
            select: { id: true, counted: true },
          });
          const runIds = [...new Set([...runs.map((r) => r.id), ...input.attemptIds])];
          const failedRuns = Math.max(1, runs.filter((r) => r.counted).length);
          const incident = await openIncident({
            ctx,
            input: {
              component: d.component,
              openedBy: input.check,
              startedAt: d.startedAt,
              detectedAt: input.now,
              error: d.error,
              runIds,
              failedRuns,
            },
          });
          if (incident.created) opened.push(incident.id);
        } else if (d.type === 'attach') {
          await recordIncidentFailure({
            ctx,
            input: { incidentId: d.incidentId, runIds: input.attemptIds, error: d.error },
          });
        } else {
          const { resolved: done } = await resolveIncident({
            ctx,
            input: { incidentId: d.incidentId, recoveredAt: d.recoveredAt, resolvedAt: input.now },
          });
          if (done) resolved.push(d.incidentId);
        }
      }
      return { opened, resolved, confirm: result.confirm };
    },
    { timeout: 20_000 },
  );
}

/**
 * The run's observations, plus a pass for every component this check blamed before but observes only when it fails,
 * when the run passed outright. The chat journey names `vendor_api` or `app` from the page's fallback cause, but a
 * passing journey observes its own components (chat UI, webhooks, email): without this, the journey's stream of the
 * component it blamed never passed again and held that incident open for good. A passing journey did use both (the
 * page opened the chat through our app and the vendor's API), so the pass is true.
 */
async function withClearedBlame(tx: Pick<Db, 'checkState'>, input: ApplyOutcomeInput): Promise<Observation[]> {
  if (!input.observations.every((o) => o.passed)) return input.observations;
  const blamedBefore = await tx.checkState.findMany({
    // Every stream of this check it did not observe now (any status: resolving needs M passes in a row).
    where: { check: input.check, component: { notIn: input.observations.map((o) => o.component) } },
    select: { component: true },
  });
  return [...input.observations, ...blamedBefore.map((s) => ({ component: s.component, passed: true }))];
}
