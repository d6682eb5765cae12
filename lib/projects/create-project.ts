import { z } from 'zod';
import type { SessionUser } from '../auth/session';
import type { ServiceContext } from '../context';
import { ForbiddenError, ValidationError } from '../errors';

export const createProjectInput = z.object({
  title: z
    .string()
    .trim()
    .min(3, 'Give the project a title of at least 3 characters.')
    .max(120, 'Use at most 120 characters.'),
  designerId: z.string({ error: 'Choose a designer.' }).min(1, 'Choose a designer.').max(100),
});

/**
 * A client starts a project with a designer from the directory. The client's visit is recorded at once, so the
 * new project is unread only for the designer. The vendor conversation is created when the page first opens it.
 */
export async function createProject({
  ctx,
  input,
}: {
  ctx: Pick<ServiceContext, 'db' | 'log'>;
  input: { viewer: SessionUser; form: unknown };
}): Promise<{ id: string }> {
  if (input.viewer.role !== 'CLIENT') throw new ForbiddenError('Only clients start projects.');
  const parsed = createProjectInput.safeParse(input.form);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error);
  const { title, designerId } = parsed.data;
  const designer = await ctx.db.user.findFirst({ where: { id: designerId, role: 'DESIGNER' }, select: { id: true } });
  if (!designer)
    throw new ValidationError('Please correct the highlighted fields.', {
      designerId: ['Choose a designer from the list.'],
    });
  const project = await ctx.db.$transaction(async (tx) => {
    const created = await tx.project.create({ data: { title, clientId: input.viewer.id, designerId } });
    await tx.projectVisit.create({
      data: { projectId: created.id, userId: input.viewer.id, lastSeenAt: created.createdAt },
    });
    return created;
  });
  ctx.log.info({ projectId: project.id, clientId: input.viewer.id, designerId }, 'project created');
  return { id: project.id };
}
