import { z } from 'zod';
import { hasRole, STAFF_ROLES } from '../auth/roles';
import type { SessionUser } from '../auth/session';
import type { Db } from '../db/client';
import { NotFoundError, ValidationError } from '../errors';
import { hashToken, newToken } from './token';

export const createApiTokenInput = z.object({
  name: z.string().trim().min(1, 'Name the token, e.g. "Grafana".').max(80, 'Use at most 80 characters.'),
});

/** Twenty tokens per person is plenty; more usually means forgotten ones. */
export const MAX_TOKENS_PER_USER = 20;

/** Creates a read-only API token for a staff member. The token is returned once and only its hash is kept. */
export async function createApiToken({
  db,
  user,
  input,
}: {
  db: Db;
  user: SessionUser;
  input: z.input<typeof createApiTokenInput>;
}): Promise<{ id: string; token: string }> {
  if (!hasRole(user.role, STAFF_ROLES)) throw new NotFoundError('Page');
  const parsed = createApiTokenInput.safeParse(input);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error);
  const active = await db.apiToken.count({ where: { userId: user.id, revokedAt: null } });
  if (active >= MAX_TOKENS_PER_USER)
    throw new ValidationError(`You have ${active} active tokens; revoke one first.`, {
      name: ['Too many active tokens.'],
    });
  const token = newToken();
  const row = await db.apiToken.create({
    data: { userId: user.id, name: parsed.data.name, tokenHash: hashToken(token), prefix: token.slice(0, 10) },
  });
  return { id: row.id, token };
}
