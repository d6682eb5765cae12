import type { Role } from '../db/generated/enums';
import { hasRole } from '../auth/roles';
import { requireApiUser, type SessionUser } from '../auth/session';
import { NotFoundError } from '../errors';

/** For route handlers of role-restricted pages: 401 signed out, 404 (as the pages) for other roles. */
export async function requireApiRole(allowed: readonly Role[]): Promise<SessionUser> {
  const user = await requireApiUser();
  if (!hasRole(user.role, allowed)) throw new NotFoundError('Page');
  return user;
}
