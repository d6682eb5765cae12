import type { z } from 'zod';
import { inTransaction } from '../db/tx';
import type { IncidentContext } from './context';
import { recordIncidentFailureInput } from './schemas';

/**
 * Links another failed run (with its retried attempt) to an open incident. The timeline gets an entry only
 * when the error changes, so a long outage reads as a few lines, not one per minute.
 */
export async function recordIncidentFailure({
  ctx,
  input,
}: {
  ctx: IncidentContext;
  input: z.input<typeof recordIncidentFailureInput>;
}): Promise<void> {
  const data = recordIncidentFailureInput.parse(input);
  await inTransaction(ctx.db, async (tx) => {
    const incident = await tx.incident.findUniqueOrThrow({
      where: { id: data.incidentId },
      select: { lastError: true, status: true },
    });
    await tx.checkRun.updateMany({ where: { id: { in: data.runIds } }, data: { incidentId: data.incidentId } });
    await tx.incident.update({
      where: { id: data.incidentId },
      data: { failedRunCount: { increment: 1 }, lastError: data.error },
    });
    if (incident.status === 'OPEN' && incident.lastError !== data.error) {
      await tx.incidentUpdate.create({
        data: { incidentId: data.incidentId, kind: 'UPDATE', message: `Now failing with: ${data.error}` },
      });
    }
  });
}
