import type { z } from 'zod';
import { inTransaction } from '../db/tx';
import { COMPONENT_LABELS } from './components';
import type { IncidentContext } from './context';
import { resolveIncidentInput } from './schemas';

function minutes(ms: number): string {
  const total = Math.max(0, Math.round(ms / 60_000));
  return total < 60 ? `${total} min` : `${Math.floor(total / 60)} h ${total % 60} min`;
}

/** Resolves an open incident and frees its component for the next one. Resolving a resolved incident does nothing. */
export async function resolveIncident({
  ctx,
  input,
}: {
  ctx: IncidentContext;
  input: z.input<typeof resolveIncidentInput>;
}): Promise<{ resolved: boolean }> {
  const data = resolveIncidentInput.parse(input);
  const resolved = await inTransaction(ctx.db, async (tx) => {
    const incident = await tx.incident.findUniqueOrThrow({ where: { id: data.incidentId } });
    if (incident.status !== 'OPEN') return false;
    await tx.incident.update({
      where: { id: incident.id },
      data: { status: 'RESOLVED', openComponent: null, recoveredAt: data.recoveredAt, resolvedAt: data.resolvedAt },
    });
    const outage = minutes(data.recoveredAt.getTime() - incident.startedAt.getTime());
    await tx.incidentUpdate.create({
      data: {
        incidentId: incident.id,
        kind: 'RESOLVED',
        createdAt: data.resolvedAt,
        message:
          data.summary ??
          `${COMPONENT_LABELS[incident.component]} is passing again since ${data.recoveredAt.toISOString()} (outage ${outage}, ${incident.failedRunCount} failed run(s)).`,
      },
    });
    return true;
  });
  if (resolved) ctx.log.info({ incidentId: data.incidentId }, 'incident resolved');
  return { resolved };
}
