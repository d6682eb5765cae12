import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProject, makeUser, marketplaceContext } from '../../test/support/marketplace';
import { testClock } from '../../test/support/service-context';
import { extendContext } from '../context';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { createProject } from './create-project';
import { getProjectForMember, getProjectForViewer } from './get-project-for-viewer';
import { listAllProjects } from './list-all-projects';
import { listDesigners } from './list-designers';
import { listProjects } from './list-projects';
import { markProjectSeen } from './mark-project-seen';

let env: Awaited<ReturnType<typeof marketplaceContext>>;

beforeAll(async () => {
  env = await marketplaceContext();
});
afterAll(() => env.db.$disconnect());

describe('project access', () => {
  it('gives members full access, staff read-only access, and everyone else a 404', async () => {
    const { project, client, designer } = await makeProject(env.db);
    const view = (viewer: typeof client) =>
      getProjectForViewer({ ctx: env.ctx, input: { projectId: project.id, viewer } });
    expect(await view(client)).toMatchObject({ access: 'member', otherParty: { id: designer.id } });
    expect(await view(designer)).toMatchObject({ access: 'member', otherParty: { id: client.id } });
    for (const role of ['SUPPORT', 'ENGINEER', 'MANAGER', 'ADMIN'] as const) {
      const staff = await makeUser(env.db, role);
      expect(await view(staff)).toMatchObject({ access: 'staff', otherParty: null });
      await expect(
        getProjectForMember({ ctx: env.ctx, input: { projectId: project.id, viewer: staff } }),
      ).rejects.toThrow(ForbiddenError);
    }
    for (const role of ['CLIENT', 'DESIGNER', 'SYNTHETIC'] as const) {
      await expect(view(await makeUser(env.db, role))).rejects.toThrow(NotFoundError);
    }
  });

  it('answers 404 for ids that are not project ids at all (tampered URLs)', async () => {
    const client = await makeUser(env.db, 'CLIENT');
    for (const projectId of [
      '1',
      "1' OR '1'='1",
      '../admin',
      '00000000-0000-0000-0000-000000000000',
      'x'.repeat(500),
    ]) {
      await expect(getProjectForViewer({ ctx: env.ctx, input: { projectId, viewer: client } })).rejects.toThrow(
        NotFoundError,
      );
    }
  });
});

describe('createProject', () => {
  it('lets a client start a project with a designer from the directory', async () => {
    const client = await makeUser(env.db, 'CLIENT');
    const designer = await makeUser(env.db, 'DESIGNER', { speciality: 'Packaging' });
    expect(await listDesigners({ ctx: env.ctx })).toContainEqual({
      id: designer.id,
      name: designer.name,
      speciality: 'Packaging',
    });
    const { id } = await createProject({
      ctx: env.ctx,
      input: { viewer: client, form: { title: '  Cake box  ', designerId: designer.id } },
    });
    expect(await env.db.project.findUniqueOrThrow({ where: { id } })).toMatchObject({
      title: 'Cake box',
      clientId: client.id,
      designerId: designer.id,
    });
    // Unread for the designer (a new inquiry), not for the client who just created it.
    expect((await listProjects({ ctx: env.ctx, input: { userId: client.id } }))[0]).toMatchObject({
      id,
      unread: false,
    });
    expect((await listProjects({ ctx: env.ctx, input: { userId: designer.id } }))[0]).toMatchObject({
      id,
      unread: true,
      otherPartyName: client.name,
    });
  });

  it('explains what is wrong, field by field, and creates nothing', async () => {
    const client = await makeUser(env.db, 'CLIENT');
    const notADesigner = await makeUser(env.db, 'CLIENT');
    const attempt = (form: unknown) => createProject({ ctx: env.ctx, input: { viewer: client, form } });
    await expect(attempt({ title: 'ab', designerId: '' })).rejects.toMatchObject({
      fieldErrors: {
        title: ['Give the project a title of at least 3 characters.'],
        designerId: ['Choose a designer.'],
      },
    });
    await expect(attempt({ title: 'Fine title', designerId: notADesigner.id })).rejects.toMatchObject({
      fieldErrors: { designerId: ['Choose a designer from the list.'] },
    });
    await expect(attempt({ title: 'Fine title' })).rejects.toThrow(ValidationError);
    expect(await env.db.project.count({ where: { clientId: client.id } })).toBe(0);
  });

  it('is for clients only', async () => {
    const designer = await makeUser(env.db, 'DESIGNER');
    const other = await makeUser(env.db, 'DESIGNER');
    await expect(
      createProject({ ctx: env.ctx, input: { viewer: designer, form: { title: 'Mine', designerId: other.id } } }),
    ).rejects.toThrow(ForbiddenError);
  });
});

describe('listProjects', () => {
  it('shows activity after the last visit as unread, most recent first', async () => {
    const { project: older, client } = await makeProject(env.db, 'Older');
    const designer2 = await makeUser(env.db, 'DESIGNER');
    const newer = await env.db.project.create({
      data: { title: 'Newer', clientId: client.id, designerId: designer2.id },
    });
    const t0 = new Date();
    const at = (time: Date) => extendContext(env.ctx, { clock: testClock(time) });
    await markProjectSeen({ ctx: at(t0), input: { projectId: older.id, viewer: client } });
    await markProjectSeen({ ctx: at(t0), input: { projectId: newer.id, viewer: client } });
    const conversation = await env.db.conversation.create({
      data: {
        projectId: older.id,
        vendor: 'sandbox',
        vendorConversationId: older.id,
        lastActivityAt: new Date(t0.getTime() + 60_000),
      },
    });
    const message = (senderId: string, vendorMessageId: string, offsetMs: number) =>
      env.db.message.create({
        data: {
          vendor: 'sandbox',
          vendorMessageId,
          conversationId: conversation.id,
          senderId,
          text: 'hello',
          sentAt: new Date(t0.getTime() + offsetMs),
          source: 'WEBHOOK',
          vendorEventId: `evt-${vendorMessageId}`,
        },
      });
    // The member's own message is not news to them.
    await message(client.id, `own-${older.id}`, 30_000);
    expect((await listProjects({ ctx: env.ctx, input: { userId: client.id } })).every((p) => !p.unread)).toBe(true);
    await message(older.designerId, `theirs-${older.id}`, 60_000);

    const list = await listProjects({ ctx: env.ctx, input: { userId: client.id } });
    expect(list.map((p) => [p.title, p.unread])).toEqual([
      ['Older', true],
      ['Newer', false],
    ]);

    // Read in the chat (the vendor's message.read), however the page was left afterwards: no longer unread.
    await env.db.messageRead.create({
      data: {
        vendor: 'sandbox',
        vendorMessageId: `theirs-${older.id}`,
        readerId: client.id,
        vendorConversationId: older.id,
        readAt: new Date(t0.getTime() + 61_000),
        vendorEventId: `read-${older.id}`,
      },
    });
    expect((await listProjects({ ctx: env.ctx, input: { userId: client.id } })).every((p) => !p.unread)).toBe(true);
    await env.db.messageRead.deleteMany({ where: { vendorConversationId: older.id } });

    await markProjectSeen({
      ctx: at(new Date(t0.getTime() + 120_000)),
      input: { projectId: older.id, viewer: client },
    });
    expect((await listProjects({ ctx: env.ctx, input: { userId: client.id } })).every((p) => !p.unread)).toBe(true);

    // A fallback message from the other party counts as activity, even with no vendor conversation.
    await env.db.fallbackMessage.create({
      data: {
        projectId: newer.id,
        senderId: designer2.id,
        clientKey: crypto.randomUUID(),
        text: 'hi',
        createdAt: new Date(t0.getTime() + 180_000),
      },
    });
    expect((await listProjects({ ctx: env.ctx, input: { userId: client.id } }))[0]).toMatchObject({
      title: 'Newer',
      unread: true,
    });
  });

  it('lists every project for staff, searchable by title, name or email', async () => {
    const { project, client } = await makeProject(env.db, 'Searchable zebra logo');
    expect((await listAllProjects({ ctx: env.ctx, input: { query: 'ZEBRA' } })).map((p) => p.id)).toEqual([project.id]);
    expect((await listAllProjects({ ctx: env.ctx, input: { query: client.email } })).map((p) => p.id)).toEqual([
      project.id,
    ]);
    expect(await listAllProjects({ ctx: env.ctx, input: { query: 'no such thing anywhere' } })).toEqual([]);
  });
});
