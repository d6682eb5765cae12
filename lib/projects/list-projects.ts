import type { ServiceContext } from '../context';

export interface ProjectSummary {
  id: string;
  title: string;
  status: string;
  otherPartyName: string;
  otherPartySpeciality: string | null;
  lastActivityAt: Date;
  /** Something happened after this member last had the conversation open (or they never opened it). */
  unread: boolean;
}

/** Projects the user is a party to, most recently active first. */
export async function listProjects({ ctx, input }: { ctx: Pick<ServiceContext, 'db'>; input: { userId: string } }): Promise<ProjectSummary[]> {
  const { userId } = input;
  const projects = await ctx.db.project.findMany({
    where: { OR: [{ clientId: userId }, { designerId: userId }] },
    include: {
      client: { select: { name: true, speciality: true } },
      designer: { select: { name: true, speciality: true } },
      conversation: { select: { lastActivityAt: true } },
      visits: { where: { userId }, select: { lastSeenAt: true } },
      // The other party's latest fallback message counts as activity even when no vendor conversation exists yet.
      fallbackMessages: { where: { senderId: { not: userId } }, select: { createdAt: true }, orderBy: { createdAt: 'desc' }, take: 1 },
    },
  });
  return projects
    .map((p) => {
      const other = p.clientId === userId ? p.designer : p.client;
      const times = [p.createdAt, p.conversation?.lastActivityAt, p.fallbackMessages[0]?.createdAt].filter((t): t is Date => t instanceof Date);
      const lastActivityAt = new Date(Math.max(...times.map((t) => t.getTime())));
      const lastSeenAt = p.visits[0]?.lastSeenAt;
      return {
        id: p.id,
        title: p.title,
        status: p.status,
        otherPartyName: other.name,
        otherPartySpeciality: other.speciality,
        lastActivityAt,
        unread: !lastSeenAt || lastActivityAt > lastSeenAt,
      };
    })
    .sort((a, b) => b.lastActivityAt.getTime() - a.lastActivityAt.getTime());
}
