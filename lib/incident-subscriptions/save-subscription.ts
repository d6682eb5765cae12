import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { hasRole, STAFF_ROLES } from '../auth/roles';
import type { SessionUser } from '../auth/session';
import type { Db } from '../db/client';
import { NotFoundError, ValidationError } from '../errors';
import { saveSubscriptionInput } from './schemas';

/** Subscribes a staff member to incident emails, or changes what they get. Other roles: not found. */
export async function saveSubscription({
  db,
  user,
  input,
}: {
  db: Db;
  user: SessionUser;
  input: z.input<typeof saveSubscriptionInput>;
}) {
  if (!hasRole(user.role, STAFF_ROLES)) throw new NotFoundError('Page');
  const parsed = saveSubscriptionInput.safeParse(input);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error);
  const components = [...new Set(parsed.data.components)];
  return db.incidentSubscription.upsert({
    where: { userId: user.id },
    create: { userId: user.id, ...parsed.data, components, unsubscribeToken: randomBytes(24).toString('base64url') },
    update: { ...parsed.data, components },
  });
}
