import type { SessionUser } from '../auth/session';
import type { ServiceContext } from '../context';
import { ForbiddenError, NotFoundError } from '../errors';
import { recordAudit } from './audit';

/** Every API token of every staff member, newest first, without secrets: what admins review and revoke. */
export async function listAllApiTokens({ ctx }: { ctx: Pick<ServiceContext, 'db'> }) {
  const rows = await ctx.db.apiToken.findMany({
    orderBy: { createdAt: 'desc' },
    take: 200,
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true, userId: true },
  });
  const owners = await ctx.db.user.findMany({
    where: { id: { in: [...new Set(rows.map((r) => r.userId))] } },
    select: { id: true, name: true, email: true },
  });
  return rows.map((r) => ({
    ...r,
    owner: owners.find((o) => o.id === r.userId) ?? { id: r.userId, name: r.userId, email: '' },
  }));
}

/** Revokes anyone's token (a leaked one, a person who left), with an audit entry. Unknown or already revoked: not found. */
export async function revokeAnyApiToken({
  ctx,
  actor,
  input,
}: {
  ctx: Pick<ServiceContext, 'db' | 'log'>;
  actor: SessionUser;
  input: { id: string };
}) {
  if (actor.role !== 'ADMIN') throw new ForbiddenError('Only admins revoke other people’s tokens.');
  await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.apiToken.updateMany({
      where: { id: input.id, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count === 0) throw new NotFoundError('Token');
    await recordAudit(tx, { actorId: actor.id, action: 'token.revoked', targetType: 'api-token', targetId: input.id });
  });
  ctx.log.info({ tokenId: input.id, actorId: actor.id }, 'API token revoked by an admin');
}
