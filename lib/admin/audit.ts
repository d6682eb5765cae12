import type { Prisma } from '../db/generated/client';
import type { DbTx } from '../db/tx';
import type { Db } from '../db/client';

/** Records one admin action in the same transaction as the change it describes. `detail` never holds a secret. */
export async function recordAudit(
  tx: DbTx | Db,
  entry: { actorId: string; action: string; targetType: string; targetId: string; detail?: Prisma.InputJsonValue },
) {
  return tx.auditEntry.create({ data: { ...entry, detail: entry.detail ?? {} } });
}

/** The latest admin actions, newest first, with the actor's name when the account still exists. */
export async function listAuditEntries({
  ctx,
  input,
}: {
  ctx: { db: Db };
  input: { targetType?: string; limit?: number };
}) {
  const rows = await ctx.db.auditEntry.findMany({
    where: input.targetType ? { targetType: input.targetType } : undefined,
    orderBy: { createdAt: 'desc' },
    take: input.limit ?? 50,
  });
  const actors = await ctx.db.user.findMany({
    where: { id: { in: [...new Set(rows.map((r) => r.actorId))] } },
    select: { id: true, name: true },
  });
  return rows.map((r) => ({ ...r, actorName: actors.find((a) => a.id === r.actorId)?.name ?? r.actorId }));
}
