import { hasRole, STAFF_ROLES } from '../auth/roles';
import type { SessionUser } from '../auth/session';
import type { Db } from '../db/client';
import { UnauthenticatedError } from '../errors';
import { hashToken } from './token';

/** lastUsedAt is written at most this often per token, not on every request. */
const TOUCH_EVERY_MS = 60_000;

/**
 * The user behind `Authorization: Bearer <token>`. A missing, unknown or revoked token, or one whose owner is
 * no longer staff or is suspended, is refused alike (401), so a caller learns nothing about which.
 */
export async function authenticateApiToken(
  db: Db,
  authorization: string | null,
  now = new Date(),
): Promise<SessionUser> {
  const match = /^Bearer\s+(cw_[A-Za-z0-9_-]{20,100})\s*$/.exec(authorization ?? '');
  if (!match) throw new UnauthenticatedError('Send an API token: Authorization: Bearer cw_…');
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashToken(match[1]!) } });
  const user =
    row && !row.revokedAt
      ? await db.user.findUnique({
          where: { id: row.userId },
          select: { id: true, name: true, email: true, role: true, suspendedAt: true },
        })
      : null;
  if (!row || !user || user.suspendedAt || !hasRole(user.role, STAFF_ROLES))
    throw new UnauthenticatedError('The API token is not valid.');
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return { id: user.id, name: user.name, email: user.email, role: user.role };
}
