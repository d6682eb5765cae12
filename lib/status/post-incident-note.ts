import { z } from 'zod';
import { hasRole, STAFF_ROLES } from '../auth/roles';
import type { SessionUser } from '../auth/session';
import { NotFoundError, ValidationError } from '../errors';
import { addIncidentUpdate } from '../incidents/add-incident-update';
import type { IncidentContext } from '../incidents/context';

export const postIncidentNoteInput = z.object({
  incidentId: z.uuid('Unknown incident.'),
  message: z
    .string()
    .trim()
    .min(1, 'Not posted: the update is empty. Write what changed first.')
    .max(5000, 'Use at most 5000 characters.'),
});

/** A staff member's note on an incident's timeline (kind NOTE, signed with their id). Other roles: not found. */
export async function postIncidentNote({
  ctx,
  user,
  input,
}: {
  ctx: IncidentContext;
  user: SessionUser;
  input: z.input<typeof postIncidentNoteInput>;
}): Promise<{ id: string }> {
  if (!hasRole(user.role, STAFF_ROLES)) throw new NotFoundError('Incident');
  const parsed = postIncidentNoteInput.safeParse(input);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error);
  const note = await addIncidentUpdate({
    ctx,
    input: { incidentId: parsed.data.incidentId, kind: 'NOTE', message: parsed.data.message, authorId: user.id },
  });
  ctx.log.info({ incidentId: parsed.data.incidentId, updateId: note.id, authorId: user.id }, 'incident note posted');
  return note;
}
