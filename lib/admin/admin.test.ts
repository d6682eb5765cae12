import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, marketplaceContext } from '../../test/support/marketplace';
import { testClock } from '../../test/support/service-context';
import { extendContext } from '../context';
import { ForbiddenError, ValidationError } from '../errors';
import { listAuditEntries } from './audit';
import { editMaintenance, endMaintenance, listMaintenanceWindows, scheduleMaintenance } from './maintenance';
import { listAllApiTokens, revokeAnyApiToken } from './tokens';
import { changeUserRole, createUserAsAdmin, listUsers, setUserSuspended } from './users';

let env: Awaited<ReturnType<typeof marketplaceContext>>;

beforeAll(async () => {
  env = await marketplaceContext();
});
afterAll(() => env.db.$disconnect());

describe('admin: users and roles', () => {
  it('creates an account, changes its role with an audit entry and ends its sessions', async () => {
    const admin = await makeUser(env.db, 'ADMIN');
    const created = await createUserAsAdmin({
      ctx: env.ctx,
      actor: admin,
      input: { name: 'Avery Agent', email: 'Avery@Example.test', role: 'SUPPORT', password: 'a long enough password' },
    });
    expect(created).toMatchObject({ email: 'avery@example.test', role: 'SUPPORT' });
    await env.db.session.create({
      data: {
        id: 's1',
        token: 'tok-s1',
        userId: created.id,
        expiresAt: new Date(Date.now() + 3_600_000),
        createdAt: new Date(),
        updatedAt: new Date(),
      },
    });

    expect(
      await changeUserRole({ ctx: env.ctx, actor: admin, input: { userId: created.id, role: 'ENGINEER' } }),
    ).toEqual({ changed: true });
    expect(await env.db.user.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ role: 'ENGINEER' });
    expect(await env.db.session.count({ where: { userId: created.id } })).toBe(0);
    const audit = await listAuditEntries({ ctx: env.ctx, input: { targetType: 'user' } });
    expect(audit.find((a) => a.targetId === created.id && a.action === 'user.role-changed')).toMatchObject({
      actorId: admin.id,
      actorName: admin.name,
      detail: { before: 'SUPPORT', after: 'ENGINEER' },
    });
    expect((await listUsers({ ctx: env.ctx, input: { query: 'avery' } })).map((u) => u.id)).toEqual([created.id]);
  });

  it('refuses non-admins, one’s own role, and bad input with a reason, changing nothing', async () => {
    const admin = await makeUser(env.db, 'ADMIN');
    const support = await makeUser(env.db, 'SUPPORT');
    const target = await makeUser(env.db, 'CLIENT');
    await expect(
      changeUserRole({ ctx: env.ctx, actor: support, input: { userId: target.id, role: 'ADMIN' } }),
    ).rejects.toThrow(ForbiddenError);
    await expect(
      changeUserRole({ ctx: env.ctx, actor: admin, input: { userId: admin.id, role: 'CLIENT' } }),
    ).rejects.toThrow('You cannot change your own role.');
    await expect(
      changeUserRole({ ctx: env.ctx, actor: admin, input: { userId: target.id, role: 'SYNTHETIC' } }),
    ).rejects.toThrow(ValidationError);
    await expect(
      createUserAsAdmin({
        ctx: env.ctx,
        actor: admin,
        input: { name: '', email: 'nope', role: 'CLIENT', password: 'x' },
      }),
    ).rejects.toThrow(ValidationError);
    expect(await env.db.user.findUniqueOrThrow({ where: { id: target.id } })).toMatchObject({ role: 'CLIENT' });
  });

  it('suspends (sessions end) and reinstates, audited', async () => {
    const admin = await makeUser(env.db, 'ADMIN');
    const target = await makeUser(env.db, 'DESIGNER');
    await env.db.session.create({
      data: {
        id: `s-${target.id}`,
        token: `tok-${target.id}`,
        userId: target.id,
        expiresAt: new Date(Date.now() + 3_600_000),
        createdAt: new Date(),
        updatedAt: new Date(),
      },
    });
    await setUserSuspended({ ctx: env.ctx, actor: admin, input: { userId: target.id, suspended: true } });
    expect((await env.db.user.findUniqueOrThrow({ where: { id: target.id } })).suspendedAt).toBeInstanceOf(Date);
    expect(await env.db.session.count({ where: { userId: target.id } })).toBe(0);
    await setUserSuspended({ ctx: env.ctx, actor: admin, input: { userId: target.id, suspended: false } });
    expect((await env.db.user.findUniqueOrThrow({ where: { id: target.id } })).suspendedAt).toBeNull();
    const actions = (await listAuditEntries({ ctx: env.ctx, input: { targetType: 'user' } }))
      .filter((a) => a.targetId === target.id)
      .map((a) => a.action);
    expect(actions).toEqual(['user.reinstated', 'user.suspended']);
  });
});

describe('admin: maintenance windows and tokens', () => {
  it('schedules, edits and ends a window per component', async () => {
    const admin = await makeUser(env.db, 'ADMIN');
    const now = new Date('2031-01-01T10:00:00Z');
    const { id } = await scheduleMaintenance({
      ctx: env.ctx,
      actor: admin,
      input: {
        component: 'email',
        startsAt: new Date('2031-01-01T09:00:00Z'),
        endsAt: new Date('2031-01-01T12:00:00Z'),
        reason: 'key rotation',
      },
    });
    await expect(
      editMaintenance({
        ctx: env.ctx,
        actor: admin,
        input: {
          id,
          component: 'email',
          startsAt: new Date('2031-01-01T09:00:00Z'),
          endsAt: new Date('2031-01-01T08:00:00Z'),
          reason: 'x',
        },
      }),
    ).rejects.toThrow(ValidationError);
    await editMaintenance({
      ctx: env.ctx,
      actor: admin,
      input: {
        id,
        component: 'webhooks',
        startsAt: new Date('2031-01-01T09:00:00Z'),
        endsAt: new Date('2031-01-01T13:00:00Z'),
        reason: 'moved',
      },
    });
    expect(await env.db.maintenanceWindow.findUniqueOrThrow({ where: { id } })).toMatchObject({
      component: 'webhooks',
      reason: 'moved',
      createdBy: admin.id,
    });
    const atNow = extendContext(env.ctx, { clock: testClock(now) });
    await endMaintenance({ ctx: atNow, actor: admin, input: { id } });
    expect((await env.db.maintenanceWindow.findUniqueOrThrow({ where: { id } })).endsAt).toEqual(now);
    await expect(endMaintenance({ ctx: atNow, actor: admin, input: { id } })).rejects.toThrow(
      'This window has already ended.',
    );
    expect((await listMaintenanceWindows({ ctx: atNow })).map((w) => w.id)).toContain(id);
    const actions = (await listAuditEntries({ ctx: env.ctx, input: { targetType: 'maintenance' } }))
      .filter((a) => a.targetId === id)
      .map((a) => a.action);
    expect(actions).toEqual(['maintenance.ended', 'maintenance.edited', 'maintenance.scheduled']);
  });

  it('lists everyone’s tokens and revokes any, audited', async () => {
    const admin = await makeUser(env.db, 'ADMIN');
    const engineer = await makeUser(env.db, 'ENGINEER');
    const token = await env.db.apiToken.create({
      data: { userId: engineer.id, name: 'Grafana', tokenHash: `hash-${engineer.id}`, prefix: 'cw_abc' },
    });
    expect((await listAllApiTokens({ ctx: env.ctx })).find((t) => t.id === token.id)).toMatchObject({
      owner: { name: engineer.name },
    });
    await expect(revokeAnyApiToken({ ctx: env.ctx, actor: engineer, input: { id: token.id } })).rejects.toThrow(
      ForbiddenError,
    );
    await revokeAnyApiToken({ ctx: env.ctx, actor: admin, input: { id: token.id } });
    expect((await env.db.apiToken.findUniqueOrThrow({ where: { id: token.id } })).revokedAt).toBeInstanceOf(Date);
  });
});
