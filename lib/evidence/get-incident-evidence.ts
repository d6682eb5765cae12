import { z } from 'zod';
import type { Db } from '../db/client';
import { NotFoundError } from '../errors';
import { withAuthorNames } from '../status/list-incidents';
import { readBrowserEvidence } from './browser-evidence';
import { countAffected } from './count-affected';
import { summarizeIncident } from './summarize-incident';

export interface EvidenceContext {
  db: Db;
  vendor: string;
}

/** Runs shown with full detail; the ZIP has up to MAX_RUNS_IN_PACK. */
export const MAX_RUNS_IN_PACK = 200;

/** Everything an incident's evidence pack holds: the incident, its timeline, its failed runs with steps and browser evidence, the impact and a summary. */
export async function getIncidentEvidence({ ctx, input, now = new Date() }: { ctx: EvidenceContext; input: { incidentId: string }; now?: Date }) {
  if (!z.uuid().safeParse(input.incidentId).success) throw new NotFoundError('Incident');
  const incident = await ctx.db.incident.findUnique({
    where: { id: input.incidentId },
    include: {
      updates: { orderBy: { createdAt: 'asc' }, select: { id: true, kind: true, message: true, authorId: true, createdAt: true } },
      faults: { orderBy: { startedAt: 'asc' } },
      alerts: { orderBy: { createdAt: 'asc' }, select: { channel: true, kind: true, status: true, sentAt: true, createdAt: true } },
    },
  });
  if (!incident) throw new NotFoundError('Incident');
  const [[named], runs, runCount, affected] = await Promise.all([
    withAuthorNames(ctx.db, [incident]),
    ctx.db.checkRun.findMany({
      where: { incidentId: incident.id },
      orderBy: { startedAt: 'asc' },
      take: MAX_RUNS_IN_PACK,
      include: { steps: { orderBy: { index: 'asc' } }, artifacts: { orderBy: { kind: 'asc' } } },
    }),
    ctx.db.checkRun.count({ where: { incidentId: incident.id } }),
    countAffected(ctx.db, incident, now),
  ]);
  const faultStartedAt = incident.faults[0]?.startedAt ?? null;
  const summary = summarizeIncident({
    component: incident.component,
    vendor: ctx.vendor,
    startedAt: incident.startedAt,
    detectedAt: incident.detectedAt,
    recoveredAt: incident.recoveredAt,
    faultStartedAt,
    failedRunCount: incident.failedRunCount,
    lastError: incident.lastError,
    affected,
    now,
  });
  return {
    generatedAt: now,
    incident: named!,
    faultStartedAt,
    runs: runs.map((run) => ({ ...run, browser: readBrowserEvidence(run) })),
    runCount,
    affected,
    summary,
  };
}

export type IncidentEvidence = Awaited<ReturnType<typeof getIncidentEvidence>>;
