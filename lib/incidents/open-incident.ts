import type { z } from 'zod';
import { inTransaction } from '../db/tx';
import { partyOf } from './blame';
import { COMPONENT_LABELS } from './components';
import type { IncidentContext } from './context';
import { isUniqueViolation } from './errors';
import { openIncidentInput } from './schemas';

export interface OpenedIncident {
  id: string;
  /** False when one was already open for the component (the unique open-component index decided). */
  created: boolean;
}

/** A one-line title from the component and the first line of the error. */
export function incidentTitle(component: keyof typeof COMPONENT_LABELS, error: string): string {
  const firstLine = error.split('\n', 1)[0]!.trim();
  const short = firstLine.length > 140 ? `${firstLine.slice(0, 139)}…` : firstLine;
  return `${COMPONENT_LABELS[component]}: ${short}`;
}

/**
 * Opens the component's incident, links the failed runs as evidence and writes the first timeline entry,
 * in one transaction. Idempotent: if the component already has an open incident, that one is returned.
 */
export async function openIncident({
  ctx,
  input,
}: {
  ctx: IncidentContext;
  input: z.input<typeof openIncidentInput>;
}): Promise<OpenedIncident> {
  const data = openIncidentInput.parse(input);
  try {
    const incident = await inTransaction(ctx.db, async (tx) => {
      const created = await tx.incident.create({
        data: {
          component: data.component,
          party: partyOf(data.component),
          openComponent: data.component,
          title: incidentTitle(data.component, data.error),
          openedBy: data.openedBy,
          startedAt: data.startedAt,
          detectedAt: data.detectedAt,
          lastError: data.error,
          failedRunCount: data.failedRuns,
        },
      });
      if (data.runIds.length > 0)
        await tx.checkRun.updateMany({ where: { id: { in: data.runIds } }, data: { incidentId: created.id } });
      await tx.incidentUpdate.create({
        data: {
          incidentId: created.id,
          kind: 'OPENED',
          createdAt: data.detectedAt,
          message: `${COMPONENT_LABELS[data.component]} failed ${data.failedRuns} consecutive run(s) of ${data.openedBy} since ${data.startedAt.toISOString()}: ${data.error}`,
        },
      });
      return created;
    });
    ctx.log.warn({ incidentId: incident.id, component: data.component, openedBy: data.openedBy }, 'incident opened');
    return { id: incident.id, created: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const existing = await ctx.db.incident.findUniqueOrThrow({
      where: { openComponent: data.component },
      select: { id: true },
    });
    return { id: existing.id, created: false };
  }
}
