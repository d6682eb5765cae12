import type { SessionUser } from '../auth/session';
import type { ServiceContext } from '../context';
import { getProjectForMember } from './get-project-for-viewer';

/** Records that a member has the conversation in front of them now; the unread indicator compares against it. */
export async function markProjectSeen({
  ctx,
  input,
}: {
  ctx: Pick<ServiceContext, 'db' | 'clock'>;
  input: { projectId: string; viewer: SessionUser };
}): Promise<void> {
  const project = await getProjectForMember({ ctx, input });
  const lastSeenAt = ctx.clock.now();
  await ctx.db.projectVisit.upsert({
    where: { projectId_userId: { projectId: project.id, userId: input.viewer.id } },
    create: { projectId: project.id, userId: input.viewer.id, lastSeenAt },
    update: { lastSeenAt },
  });
}
