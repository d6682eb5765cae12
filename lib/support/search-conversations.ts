import type { ServiceContext } from '../context';
import { PROJECT_SEARCH_LIMIT, PROJECT_SEARCH_ORDER, projectSearchWhere } from '../projects/project-search';

export interface ConversationHit {
  /** The vendor conversation id (= project id): the trace page's address. */
  id: string;
  title: string;
  client: { name: string; email: string };
  designer: { name: string; email: string };
  lastActivityAt: Date | null;
  unmatchedOrFailedEvents: number;
}

/**
 * Finds conversations with the same search as /projects (lib/projects/project-search.ts): a participant's name
 * or email, a project or conversation id, or part of the title. An empty query lists the most recently active ones.
 */
export async function searchConversations({
  ctx,
  input,
}: {
  ctx: Pick<ServiceContext, 'db'>;
  input: { query: string };
}): Promise<ConversationHit[]> {
  const projects = await ctx.db.project.findMany({
    where: projectSearchWhere(input.query),
    include: {
      client: { select: { name: true, email: true } },
      designer: { select: { name: true, email: true } },
      conversation: { select: { lastActivityAt: true } },
    },
    orderBy: [...PROJECT_SEARCH_ORDER],
    take: PROJECT_SEARCH_LIMIT,
  });
  const problems = await ctx.db.vendorEvent.groupBy({
    by: ['vendorConversationId'],
    where: { vendorConversationId: { in: projects.map((p) => p.id) }, status: { in: ['UNMATCHED', 'FAILED'] } },
    _count: true,
  });
  return projects
    .map((p) => ({
      id: p.id,
      title: p.title,
      client: p.client,
      designer: p.designer,
      lastActivityAt: p.conversation?.lastActivityAt ?? null,
      unmatchedOrFailedEvents: problems.find((x) => x.vendorConversationId === p.id)?._count ?? 0,
    }))
    .sort((a, b) => (b.lastActivityAt?.getTime() ?? 0) - (a.lastActivityAt?.getTime() ?? 0));
}
