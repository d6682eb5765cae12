import { z } from 'zod';
import type { ServiceContext } from '../context';
import { PROJECT_SEARCH_LIMIT, PROJECT_SEARCH_ORDER, projectSearchWhere } from './project-search';

export interface StaffProjectRow {
  id: string;
  title: string;
  status: string;
  clientName: string;
  designerName: string;
  lastActivityAt: Date;
  pendingFallbackMessages: number;
}

const query = z.string().trim().max(200).optional();

/** For staff (read-only support access): every project, filtered by the shared project search (project-search.ts). */
export async function listAllProjects({
  ctx,
  input,
}: {
  ctx: Pick<ServiceContext, 'db'>;
  input: { query?: string };
}): Promise<StaffProjectRow[]> {
  const q = query.safeParse(input.query).data || undefined;
  const projects = await ctx.db.project.findMany({
    where: projectSearchWhere(q),
    include: {
      client: { select: { name: true } },
      designer: { select: { name: true } },
      conversation: { select: { lastActivityAt: true } },
      _count: { select: { fallbackMessages: { where: { status: 'PENDING' } } } },
    },
    orderBy: [...PROJECT_SEARCH_ORDER],
    take: PROJECT_SEARCH_LIMIT,
  });
  return projects.map((p) => ({
    id: p.id,
    title: p.title,
    status: p.status,
    clientName: p.client.name,
    designerName: p.designer.name,
    lastActivityAt: p.conversation?.lastActivityAt ?? p.createdAt,
    pendingFallbackMessages: p._count.fallbackMessages,
  }));
}
