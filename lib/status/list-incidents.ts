import type { Db } from '../db/client';

const timeline = {
  orderBy: { createdAt: 'asc' as const },
  select: { id: true, kind: true, message: true, authorId: true, createdAt: true },
};
const fields = {
  id: true,
  component: true,
  title: true,
  status: true,
  startedAt: true,
  detectedAt: true,
  recoveredAt: true,
  resolvedAt: true,
  failedRunCount: true,
  missingWebhooks: true,
  lastError: true,
};

/** Open incidents with their whole timeline, oldest first. Author ids are resolved to names. */
export async function listActiveIncidents(db: Db) {
  const incidents = await db.incident.findMany({
    where: { status: 'OPEN' },
    orderBy: { startedAt: 'asc' },
    select: { ...fields, updates: timeline },
  });
  return withAuthorNames(db, incidents);
}

/** Incidents resolved in the last `hours`, newest first, with their timeline. */
export async function listRecentlyResolved(db: Db, now: Date, hours = 24) {
  const incidents = await db.incident.findMany({
    where: { status: 'RESOLVED', resolvedAt: { gte: new Date(now.getTime() - hours * 3_600_000) } },
    orderBy: { resolvedAt: 'desc' },
    take: 10,
    select: { ...fields, updates: timeline },
  });
  return withAuthorNames(db, incidents);
}

type WithUpdates = { updates: { authorId: string | null }[] };

type Named<T extends WithUpdates> = Omit<T, 'updates'> & {
  updates: (T['updates'][number] & { authorName: string | null })[];
};

/** Resolves the author ids of people's notes to names (a deleted user reads as a former staff member). */
export async function withAuthorNames<T extends WithUpdates>(db: Db, incidents: T[]): Promise<Named<T>[]> {
  const ids = [
    ...new Set(incidents.flatMap((i) => i.updates.map((u) => u.authorId)).filter((id): id is string => id !== null)),
  ];
  const users = ids.length
    ? await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })
    : [];
  const names = new Map(users.map((u) => [u.id, u.name]));
  return incidents.map((incident) => ({
    ...incident,
    updates: incident.updates.map((u) => ({
      ...u,
      authorName: u.authorId ? (names.get(u.authorId) ?? 'Former staff member') : null,
    })),
  }));
}

export type ActiveIncident = Awaited<ReturnType<typeof listActiveIncidents>>[number];
