import type { z } from 'zod';
import type { Db } from '../db/client';
import type { Prisma } from '../db/generated/client';
import { decodeCursor, encodeCursor } from './cursor';
import type { incident, incidentsQuery } from './schemas';

/** Incidents, newest first, keyset-paginated on (startedAt, id). */
export async function listApiIncidents(
  db: Db,
  query: z.output<typeof incidentsQuery>,
  appUrl: string,
): Promise<{ data: z.input<typeof incident>[]; nextCursor: string | null }> {
  const where: Prisma.IncidentWhereInput = {
    ...(query.status ? { status: query.status === 'open' ? 'OPEN' : 'RESOLVED' } : {}),
    ...(query.component ? { component: query.component } : {}),
    startedAt: {
      ...(query.from ? { gte: new Date(query.from) } : {}),
      ...(query.to ? { lt: new Date(query.to) } : {}),
    },
  };
  if (query.cursor) {
    const { at, id } = decodeCursor(query.cursor);
    where.OR = [{ startedAt: { lt: at } }, { startedAt: at, id: { lt: id } }];
  }
  const rows = await db.incident.findMany({
    where,
    orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
    take: query.limit + 1,
  });
  const more = rows.length > query.limit;
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  const base = appUrl.replace(/\/+$/, '');
  return {
    data: items.map((i) => ({
      id: i.id,
      component: i.component,
      title: i.title,
      status: i.status === 'OPEN' ? 'open' : 'resolved',
      startedAt: i.startedAt.toISOString(),
      detectedAt: i.detectedAt.toISOString(),
      recoveredAt: i.recoveredAt?.toISOString() ?? null,
      resolvedAt: i.resolvedAt?.toISOString() ?? null,
      failedRunCount: i.failedRunCount,
      missingWebhooks: i.missingWebhooks,
      url: `${base}/incidents/${i.id}`,
    })),
    nextCursor: more && last ? encodeCursor(last.startedAt, last.id) : null,
  };
}
