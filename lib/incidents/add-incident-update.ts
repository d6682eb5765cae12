import type { z } from 'zod';
import { NotFoundError, ValidationError } from '../errors';
import type { IncidentContext } from './context';
import { addIncidentUpdateInput } from './schemas';

/** Adds a line to an incident's timeline: the monitor's UPDATE, or a person's NOTE (support posts these). */
export async function addIncidentUpdate({
  ctx,
  input,
}: {
  ctx: IncidentContext;
  input: z.input<typeof addIncidentUpdateInput>;
}): Promise<{ id: string }> {
  const parsed = addIncidentUpdateInput.safeParse(input);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error);
  const data = parsed.data;
  const incident = await ctx.db.incident.findUnique({ where: { id: data.incidentId }, select: { id: true } });
  if (!incident) throw new NotFoundError('Incident');
  const update = await ctx.db.incidentUpdate.create({
    data: { incidentId: data.incidentId, kind: data.kind, message: data.message, authorId: data.authorId ?? null },
  });
  return { id: update.id };
}
