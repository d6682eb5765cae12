import type { ServiceContext } from '../context';

export interface ConversationHit {
  /** The vendor conversation id (= project id): the trace page's address. */
  id: string;
  title: string;
  client: { name: string; email: string };
  designer: { name: string; email: string };
  lastActivityAt: Date | null;
  unmatchedOrFailedEvents: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Finds conversations by a participant's email (exact or partial), a project or conversation id, or words of
 * the project title. An empty query lists the most recently active ones.
 */
export async function searchConversations({ ctx, input }: { ctx: Pick<ServiceContext, 'db'>; input: { query: string } }): Promise<ConversationHit[]> {
  const q = input.query.trim().slice(0, 200);
  const where = !q
    ? {}
    : q.includes('@')
      ? { OR: [{ client: { email: { contains: q, mode: 'insensitive' as const } } }, { designer: { email: { contains: q, mode: 'insensitive' as const } } }] }
      : UUID.test(q)
        ? { OR: [{ id: q }, { conversation: { id: q } }] }
        : { title: { contains: q, mode: 'insensitive' as const } };
  const projects = await ctx.db.project.findMany({
    where,
    include: { client: { select: { name: true, email: true } }, designer: { select: { name: true, email: true } }, conversation: { select: { lastActivityAt: true } } },
    orderBy: { updatedAt: 'desc' },
    take: 50,
  });
  const problems = await ctx.db.vendorEvent.groupBy({ by: ['vendorConversationId'], where: { vendorConversationId: { in: projects.map((p) => p.id) }, status: { in: ['UNMATCHED', 'FAILED'] } }, _count: true });
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
