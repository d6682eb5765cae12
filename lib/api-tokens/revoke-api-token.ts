import type { SessionUser } from '../auth/session';
import type { Db } from '../db/client';
import { NotFoundError } from '../errors';

/** Revokes one of the user's own tokens; anyone else's is not found. */
export async function revokeApiToken({
  db,
  user,
  input,
}: {
  db: Db;
  user: SessionUser;
  input: { id: string };
}): Promise<void> {
  const { count } = await db.apiToken.updateMany({
    where: { id: input.id, userId: user.id, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw new NotFoundError('Token');
}
