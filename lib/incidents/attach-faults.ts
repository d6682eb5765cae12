import type { IncidentContext } from './context';
import type { GroundTruthFault } from './faults/types';
import { matchFaults } from './match-faults';

/**
 * Records the ground-truth faults that match an incident (new ones get a timeline entry) and refreshes
 * the end of those already linked. Returns how many were new.
 */
export async function attachFaults({
  ctx,
  input,
}: {
  ctx: IncidentContext;
  input: { incidentId: string; faults: GroundTruthFault[]; slackMs?: number };
}): Promise<number> {
  const incident = await ctx.db.incident.findUniqueOrThrow({
    where: { id: input.incidentId },
    include: { faults: true },
  });
  const matching = matchFaults(incident, input.faults, input.slackMs);
  let added = 0;
  for (const fault of matching) {
    const known = incident.faults.find((f) => f.source === fault.source && f.externalId === fault.externalId);
    if (known) {
      if (known.endedAt?.getTime() !== fault.endedAt?.getTime())
        await ctx.db.incidentFault.update({ where: { id: known.id }, data: { endedAt: fault.endedAt } });
      continue;
    }
    await ctx.db.incidentFault.create({
      data: {
        incidentId: incident.id,
        source: fault.source,
        externalId: fault.externalId,
        mode: fault.mode,
        startedAt: fault.startedAt,
        endedAt: fault.endedAt,
        probability: fault.probability,
      },
    });
    const lead = Math.round((incident.detectedAt.getTime() - fault.startedAt.getTime()) / 1000);
    await ctx.db.incidentUpdate.create({
      data: {
        incidentId: incident.id,
        kind: 'UPDATE',
        message: `Matches ${fault.source} fault ${fault.mode} (${fault.externalId}), started ${fault.startedAt.toISOString()}${fault.probability !== null && fault.probability < 1 ? ` at ${Math.round(fault.probability * 100)} %` : ''}: detected ${lead} s after it began.`,
      },
    });
    added++;
  }
  return added;
}
