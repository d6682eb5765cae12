import { z } from 'zod';
import type { SessionUser } from '../auth/session';
import type { ServiceContext } from '../context';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { createMaintenanceWindow } from '../incidents/maintenance';
import { maintenanceWindowInput } from '../incidents/schemas';
import { recordAudit } from './audit';

type AdminCtx = Pick<ServiceContext, 'db' | 'log'>;

function assertAdmin(actor: SessionUser) {
  if (actor.role !== 'ADMIN') throw new ForbiddenError('Only admins manage maintenance windows.');
}

/** Windows that have not ended yet and those that ended in the last 7 days, soonest first. */
export async function listMaintenanceWindows({ ctx }: { ctx: Pick<ServiceContext, 'db' | 'clock'> }) {
  const now = ctx.clock.now();
  return ctx.db.maintenanceWindow.findMany({
    where: { endsAt: { gt: new Date(now.getTime() - 7 * 86_400_000) } },
    orderBy: { startsAt: 'asc' },
    take: 100,
  });
}

/** Schedules a window for one component (or all), audited. Input as maintenanceWindowInput. */
export async function scheduleMaintenance({
  ctx,
  actor,
  input,
}: {
  ctx: AdminCtx;
  actor: SessionUser;
  input: z.input<typeof maintenanceWindowInput>;
}) {
  assertAdmin(actor);
  const { id } = await createMaintenanceWindow({ ctx, input: { ...input, createdBy: actor.id } });
  await recordAudit(ctx.db, {
    actorId: actor.id,
    action: 'maintenance.scheduled',
    targetType: 'maintenance',
    targetId: id,
    detail: { component: input.component ?? 'all', startsAt: String(input.startsAt), endsAt: String(input.endsAt) },
  });
  return { id };
}

const editInput = z.object({ id: z.uuid('Unknown window.') });

/** Changes a window's component, times or reason (same rules as scheduling), audited with before and after. */
export async function editMaintenance({
  ctx,
  actor,
  input,
}: {
  ctx: AdminCtx;
  actor: SessionUser;
  input: { id: string } & z.input<typeof maintenanceWindowInput>;
}) {
  assertAdmin(actor);
  const { id } = editInput.parse({ id: input.id });
  const parsed = maintenanceWindowInput.safeParse(input);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error);
  const before = await ctx.db.maintenanceWindow.findUnique({ where: { id } });
  if (!before) throw new NotFoundError('Maintenance window');
  const { component, startsAt, endsAt, reason } = parsed.data;
  await ctx.db.$transaction(async (tx) => {
    await tx.maintenanceWindow.update({
      where: { id },
      data: { component: component ?? null, startsAt, endsAt, reason },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'maintenance.edited',
      targetType: 'maintenance',
      targetId: id,
      detail: {
        before: {
          component: before.component ?? 'all',
          startsAt: before.startsAt.toISOString(),
          endsAt: before.endsAt.toISOString(),
          reason: before.reason,
        },
        after: {
          component: component ?? 'all',
          startsAt: startsAt.toISOString(),
          endsAt: endsAt.toISOString(),
          reason,
        },
      },
    });
  });
  return { id };
}

/**
 * Ends a window now. One that has not started is cancelled: it is kept as a zero-length window at `now`, so the
 * record stays and nothing is suppressed by it. Audited with the times before and after.
 */
export async function endMaintenance({
  ctx,
  actor,
  input,
}: {
  ctx: AdminCtx & Pick<ServiceContext, 'clock'>;
  actor: SessionUser;
  input: { id: string };
}) {
  assertAdmin(actor);
  const now = ctx.clock.now();
  const window = await ctx.db.maintenanceWindow.findUnique({ where: { id: input.id } });
  if (!window) throw new NotFoundError('Maintenance window');
  if (window.endsAt <= now) throw new ValidationError('This window has already ended.');
  const startsAt = window.startsAt > now ? now : window.startsAt;
  await ctx.db.$transaction(async (tx) => {
    await tx.maintenanceWindow.update({ where: { id: window.id }, data: { startsAt, endsAt: now } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: window.startsAt > now ? 'maintenance.cancelled' : 'maintenance.ended',
      targetType: 'maintenance',
      targetId: window.id,
      detail: {
        before: { startsAt: window.startsAt.toISOString(), endsAt: window.endsAt.toISOString() },
        after: { startsAt: startsAt.toISOString(), endsAt: now.toISOString() },
      },
    });
  });
  return { endsAt: now };
}
