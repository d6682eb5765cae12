import type { Db } from '../db/client';

export async function getSubscription(db: Db, userId: string) {
  return db.incidentSubscription.findUnique({
    where: { userId },
    select: { onOpened: true, onUpdated: true, onResolved: true, components: true, createdAt: true },
  });
}
