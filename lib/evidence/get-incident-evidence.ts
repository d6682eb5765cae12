import { z } from 'zod';
import type { ServiceContext } from '../context';
import { NotFoundError } from '../errors';
import { EXTERNAL_PARTIES } from '../incidents/blame';
import { withAuthorNames } from '../status/list-incidents';
import { readBrowserEvidence } from './browser-evidence';
import { countAffected } from './count-affected';
import { summarizeIncident } from './summarize-incident';

/** `vendor` is the configured vendor's name (what reports and evidence are filed under), not the chat provider. */
export interface EvidenceContext extends Pick<ServiceContext, 'db'> {
  vendor: string;
}

/** Runs shown with full detail; the ZIP has up to MAX_RUNS_IN_PACK. */
export const MAX_RUNS_IN_PACK = 200;

/** Runs that may be shown to the vendor: those whose failure was blamed on an external party. */
const EXTERNAL_RUNS = { OR: [{ failedParty: null }, { failedParty: { in: [...EXTERNAL_PARTIES] } }] };

/**
 * Everything an incident's evidence holds: the incident, its timeline, its failed runs with steps and browser
 * evidence, the impact and a summary for the vendor. Only runs blamed on an external party (vendor, SendGrid)
 * are listed. An incident of our own parts (party `ours`), or one whose linked runs were all blamed on us,
 * has no vendor summary (`summary: null`), and
 * `forVendor: true` (the PDF and ZIP packs) refuses it with NotFoundError: it never reaches the vendor.
 */
export async function getIncidentEvidence({
  ctx,
  input,
  now = new Date(),
  forVendor = false,
}: {
  ctx: EvidenceContext;
  input: { incidentId: string };
  now?: Date;
  forVendor?: boolean;
}) {
  if (!z.uuid().safeParse(input.incidentId).success) throw new NotFoundError('Incident');
  const incident = await ctx.db.incident.findUnique({
    where: { id: input.incidentId },
    include: {
      updates: {
        orderBy: { createdAt: 'asc' },
        select: { id: true, kind: true, message: true, authorId: true, createdAt: true },
      },
      faults: { orderBy: { startedAt: 'asc' } },
      alerts: {
        orderBy: { createdAt: 'asc' },
        select: { channel: true, kind: true, status: true, sentAt: true, createdAt: true },
      },
    },
  });
  if (!incident) throw new NotFoundError('Incident');
  // Internal: our own part, or (older data) an incident whose every linked run was blamed on us.
  const [linked, external] = await Promise.all([
    ctx.db.checkRun.count({ where: { incidentId: incident.id } }),
    ctx.db.checkRun.count({ where: { incidentId: incident.id, ...EXTERNAL_RUNS } }),
  ]);
  const internal = incident.party === 'ours' || (linked > 0 && external === 0);
  if (internal && forVendor) throw new NotFoundError('Vendor evidence for this internal incident');
  const [[named], runs, runCount, affected] = await Promise.all([
    withAuthorNames(ctx.db, [incident]),
    ctx.db.checkRun.findMany({
      where: { incidentId: incident.id, ...(internal ? {} : EXTERNAL_RUNS) },
      orderBy: { startedAt: 'asc' },
      take: MAX_RUNS_IN_PACK,
      include: { steps: { orderBy: { index: 'asc' } }, artifacts: { orderBy: { kind: 'asc' } } },
    }),
    internal ? linked : external,
    countAffected(ctx.db, incident, now),
  ]);
  const faultStartedAt = incident.faults[0]?.startedAt ?? null;
  const summary = internal
    ? null
    : summarizeIncident({
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
    /** False for an incident of our own parts: engineers see it, the vendor never does. */
    forVendor: !internal,
    summary,
  };
}

export type IncidentEvidence = Awaited<ReturnType<typeof getIncidentEvidence>>;
