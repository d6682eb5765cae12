import { getSessionCookie } from 'better-auth/cookies';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import type { Role } from '../db/generated/enums';
import { UnauthenticatedError } from '../errors';
import { getAuth } from './auth';

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  role: Role;
}

/** The signed-in user of this request, or null. */
export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await getAuth().api.getSession({ headers: await headers() });
  if (!session) return null;
  const { id, name, email, role } = session.user as typeof session.user & { role: Role };
  return { id, name, email, role };
}

/** For pages: the signed-in user, or a redirect to the sign-in page that comes back here afterwards. */
export async function requireUser(returnTo: string): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) {
    // A session cookie that no longer finds a session means it expired or was revoked: say so on the sign-in page.
    const expired = getSessionCookie(await headers(), { cookiePrefix: 'chatwatch' }) !== null;
    redirect(`/sign-in?next=${encodeURIComponent(returnTo)}${expired ? '&reason=expired' : ''}`);
  }
  return user;
}

/** For route handlers: the signed-in user, or an UnauthenticatedError (401). */
export async function requireApiUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) throw new UnauthenticatedError();
  return user;
}
