import type { SessionUser } from '../auth/session';
import type { ServiceContext } from '../context';
import { getProjectForViewer } from '../projects/get-project-for-viewer';
import { toFallbackMessageView, type FallbackMessageView } from './fallback-message-view';

const LIMIT = 100;

/** The project's latest fallback messages, oldest first, for its members and (read-only) staff. */
export async function listFallbackMessages({
  ctx,
  input,
}: {
  ctx: Pick<ServiceContext, 'db'>;
  input: { projectId: string; viewer: SessionUser };
}): Promise<FallbackMessageView[]> {
  const project = await getProjectForViewer({ ctx, input });
  const rows = await ctx.db.fallbackMessage.findMany({
    where: { projectId: project.id },
    include: { sender: { select: { name: true } } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: LIMIT,
  });
  return rows.reverse().map(toFallbackMessageView);
}
