import { getDb } from '../db/client';

export interface ProjectSummary {
  id: string;
  title: string;
  otherPartyName: string;
  lastActivityAt: Date;
}

/** Projects the user is a party to, most recently active first. */
export async function listProjects({ userId }: { userId: string }): Promise<ProjectSummary[]> {
  const projects = await getDb().project.findMany({
    where: { OR: [{ clientId: userId }, { designerId: userId }] },
    include: { client: { select: { name: true } }, designer: { select: { name: true } }, conversation: { select: { lastActivityAt: true } } },
    orderBy: { updatedAt: 'desc' },
  });
  return projects.map((p) => ({
    id: p.id,
    title: p.title,
    otherPartyName: p.clientId === userId ? p.designer.name : p.client.name,
    lastActivityAt: p.conversation?.lastActivityAt ?? p.updatedAt,
  }));
}
