import type { Db } from '../db/client';

/** Ends a subscription by the token of its unsubscribe link. Answers whether there was one (a second click finds none). */
export async function unsubscribeByToken(db: Db, token: string): Promise<boolean> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return false;
  const { count } = await db.incidentSubscription.deleteMany({ where: { unsubscribeToken: token } });
  return count > 0;
}

/** Ends the signed-in user's subscription. */
export async function unsubscribeUser(db: Db, userId: string): Promise<void> {
  await db.incidentSubscription.deleteMany({ where: { userId } });
}
