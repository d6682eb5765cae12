import { notFound } from 'next/navigation';
import type { Role } from '../db/generated/enums';
import { hasRole } from './roles';
import { requireUser, type SessionUser } from './session';

/**
 * For pages only some roles may see. Others get a 404, not a 403, so the page's existence is not revealed;
 * signed-out visitors are sent to sign in.
 */
export async function requireRole(allowed: readonly Role[], returnTo: string): Promise<SessionUser> {
  const user = await requireUser(returnTo);
  if (!hasRole(user.role, allowed)) notFound();
  return user;
}
