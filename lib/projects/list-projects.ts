import type { ServiceContext } from '../context';

export interface ProjectSummary {
  id: string;
  title: string;
  status: string;
  otherPartyName: string;
  otherPartySpeciality: string | null;
  lastActivityAt: Date;
  /** The other party wrote something this member has not seen (neither on a visible page nor by the vendor's read events). */
  unread: boolean;
}

/**
 * Projects the user is a party to, most recently active first.
 *
 * Read state follows what the member has seen, not how they left the page: a project is unread when the other
 * party's latest chat message has no read by this member (the vendor's message.read events, stored as
 * MessageRead) and was sent after the member last had the page visible (ProjectVisit.lastSeenAt), or when the
 * other party's latest fallback message is newer than that visit, or when the member never opened the project.
 * The member's own messages never make a project unread.
 */
export async function listProjects({
  ctx,
  input,
}: {
  ctx: Pick<ServiceContext, 'db'>;
  input: { userId: string };
}): Promise<ProjectSummary[]> {
  const { userId } = input;
  const projects = await ctx.db.project.findMany({
    where: { OR: [{ clientId: userId }, { designerId: userId }] },
    include: {
      client: { select: { name: true, speciality: true } },
      designer: { select: { name: true, speciality: true } },
      conversation: {
        select: {
          vendor: true,
          lastActivityAt: true,
          messages: {
            where: { senderId: { not: userId } },
            select: { vendorMessageId: true, sentAt: true },
            orderBy: { sentAt: 'desc' },
            take: 1,
          },
        },
      },
      visits: { where: { userId }, select: { lastSeenAt: true } },
      // The other party's latest fallback message counts as activity even when no vendor conversation exists yet.
      fallbackMessages: {
        where: { senderId: { not: userId } },
        select: { createdAt: true },
        orderBy: { createdAt: 'desc' },
        take: 1,
      },
    },
  });
  const latestFromOther = projects.flatMap((p) =>
    p.conversation?.messages[0]
      ? [{ vendor: p.conversation.vendor, vendorMessageId: p.conversation.messages[0].vendorMessageId }]
      : [],
  );
  const reads =
    latestFromOther.length === 0
      ? []
      : await ctx.db.messageRead.findMany({
          where: { readerId: userId, OR: latestFromOther },
          select: { vendor: true, vendorMessageId: true },
        });
  const readKeys = new Set(reads.map((r) => `${r.vendor}\u0000${r.vendorMessageId}`));
  return projects
    .map((p) => {
      const other = p.clientId === userId ? p.designer : p.client;
      const times = [p.createdAt, p.conversation?.lastActivityAt, p.fallbackMessages[0]?.createdAt].filter(
        (t): t is Date => t instanceof Date,
      );
      const lastActivityAt = new Date(Math.max(...times.map((t) => t.getTime())));
      const lastSeenAt = p.visits[0]?.lastSeenAt;
      const latestMessage = p.conversation?.messages[0];
      const latestRead =
        !!latestMessage && readKeys.has(`${p.conversation!.vendor}\u0000${latestMessage.vendorMessageId}`);
      const messageUnread = !!latestMessage && !latestRead && (!lastSeenAt || latestMessage.sentAt > lastSeenAt);
      const fallbackUnread = !!p.fallbackMessages[0] && (!lastSeenAt || p.fallbackMessages[0].createdAt > lastSeenAt);
      const neverOpened = !lastSeenAt && !latestRead;
      return {
        id: p.id,
        title: p.title,
        status: p.status,
        otherPartyName: other.name,
        otherPartySpeciality: other.speciality,
        lastActivityAt,
        unread: messageUnread || fallbackUnread || neverOpened,
      };
    })
    .sort((a, b) => b.lastActivityAt.getTime() - a.lastActivityAt.getTime());
}
