import { z } from 'zod';
import { createUserWithPassword } from '../auth/create-user';
import type { SessionUser } from '../auth/session';
import type { ServiceContext } from '../context';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { recordAudit } from './audit';

/** Roles an admin may give from the admin screen (the synthetic monitor account is made by configuration only). */
export const ASSIGNABLE_ROLES = ['CLIENT', 'DESIGNER', 'SUPPORT', 'MANAGER', 'ENGINEER', 'ADMIN'] as const;

type AdminCtx = Pick<ServiceContext, 'db' | 'log'>;

function assertAdmin(actor: SessionUser) {
  if (actor.role !== 'ADMIN') throw new ForbiddenError('Only admins manage users.');
}

/** Everyone, newest first, filtered by name or email; with suspension state. */
export async function listUsers({ ctx, input }: { ctx: Pick<ServiceContext, 'db'>; input: { query?: string } }) {
  const q = (input.query ?? '').trim().slice(0, 200);
  const contains = { contains: q, mode: 'insensitive' as const };
  return ctx.db.user.findMany({
    where: q ? { OR: [{ name: contains }, { email: contains }] } : undefined,
    orderBy: { createdAt: 'desc' },
    take: 200,
    select: { id: true, name: true, email: true, role: true, createdAt: true, suspendedAt: true },
  });
}

export const adminCreateUserInput = z.object({
  name: z.string().trim().min(1, 'Give a name.').max(100),
  email: z.email('Enter an email address.').max(254),
  role: z.enum(ASSIGNABLE_ROLES, { error: 'Choose a role.' }),
  password: z.string().min(1, 'Set a first password.'),
});

/** Creates an account (any role but synthetic) with a first password, and audits it. */
export async function createUserAsAdmin({ ctx, actor, input }: { ctx: AdminCtx; actor: SessionUser; input: unknown }) {
  assertAdmin(actor);
  const parsed = adminCreateUserInput.safeParse(input);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error);
  let created: { id: string; email: string; role: string };
  try {
    created = await createUserWithPassword({ db: ctx.db, input: parsed.data });
  } catch (error) {
    if (error instanceof ConflictError) throw new ValidationError(error.message, { email: [error.message] });
    if (error instanceof ValidationError) throw new ValidationError(error.message, { password: [error.message] });
    throw error;
  }
  await recordAudit(ctx.db, {
    actorId: actor.id,
    action: 'user.created',
    targetType: 'user',
    targetId: created.id,
    detail: { email: created.email, role: created.role },
  });
  ctx.log.info({ userId: created.id, role: created.role, actorId: actor.id }, 'user created by an admin');
  return created;
}

export const changeRoleInput = z.object({
  userId: z.string().min(1).max(100),
  role: z.enum(ASSIGNABLE_ROLES, { error: 'Choose a role.' }),
});

/**
 * Gives a user another role, with an audit entry {before, after}, in one transaction. Their sessions end so the
 * new role applies on their next sign-in. An admin cannot change their own role (so one always remains).
 */
export async function changeUserRole({ ctx, actor, input }: { ctx: AdminCtx; actor: SessionUser; input: unknown }) {
  assertAdmin(actor);
  const parsed = changeRoleInput.safeParse(input);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error);
  const { userId, role } = parsed.data;
  if (userId === actor.id)
    throw new ValidationError('You cannot change your own role.', { role: ['Ask another admin to change your role.'] });
  return ctx.db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { role: true } });
    if (!user) throw new NotFoundError('User');
    if (user.role === 'SYNTHETIC')
      throw new ValidationError('The synthetic monitor account keeps its role.', {
        role: ['The synthetic monitor account keeps its role.'],
      });
    if (user.role === role) return { changed: false };
    await tx.user.update({ where: { id: userId }, data: { role } });
    await tx.session.deleteMany({ where: { userId } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'user.role-changed',
      targetType: 'user',
      targetId: userId,
      detail: { before: user.role, after: role },
    });
    ctx.log.info({ userId, before: user.role, after: role, actorId: actor.id }, 'user role changed');
    return { changed: true };
  });
}

/** Suspends (ends every session; sign-in refused) or reinstates a user, with an audit entry. Not oneself. */
export async function setUserSuspended({
  ctx,
  actor,
  input,
}: {
  ctx: AdminCtx;
  actor: SessionUser;
  input: { userId: string; suspended: boolean };
}) {
  assertAdmin(actor);
  if (input.userId === actor.id) throw new ValidationError('You cannot suspend yourself.');
  return ctx.db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { suspendedAt: true } });
    if (!user) throw new NotFoundError('User');
    if (Boolean(user.suspendedAt) === input.suspended) return { changed: false };
    await tx.user.update({ where: { id: input.userId }, data: { suspendedAt: input.suspended ? new Date() : null } });
    if (input.suspended) await tx.session.deleteMany({ where: { userId: input.userId } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: input.suspended ? 'user.suspended' : 'user.reinstated',
      targetType: 'user',
      targetId: input.userId,
    });
    ctx.log.info({ userId: input.userId, suspended: input.suspended, actorId: actor.id }, 'user suspension changed');
    return { changed: true };
  });
}
