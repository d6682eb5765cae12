import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobsOf, makeProject, makeUser, marketplaceContext } from '../../test/support/marketplace';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { EmailTemplateError } from '../email/render';
import { listFallbackMessages } from './list-fallback-messages';
import { sendFallbackMessage } from './send-fallback-message';

const appUrl = 'http://app.test';
let env: Awaited<ReturnType<typeof marketplaceContext>>;

beforeAll(async () => {
  env = await marketplaceContext();
});
afterAll(() => env.db.$disconnect());

const send = (
  projectId: string,
  viewer: Parameters<typeof sendFallbackMessage>[0]['input']['viewer'],
  body: unknown,
  url = appUrl,
) => sendFallbackMessage({ ctx: env.ctx, input: { projectId, viewer, body, appUrl: url } });

describe('sendFallbackMessage', () => {
  it('stores the message, queues its email to the other party and its replay, in one transaction', async () => {
    const { project, client, designer } = await makeProject(env.db, 'Logo for a bakery');
    await env.db.conversation.create({
      data: {
        projectId: project.id,
        vendor: 'sandbox',
        vendorConversationId: project.id,
        lastActivityAt: new Date('2020-01-01'),
      },
    });

    const { message, created } = await send(project.id, client, {
      clientKey: randomUUID(),
      text: 'Can we move the call to Friday?',
    });

    expect(created).toBe(true);
    expect(message).toMatchObject({ senderId: client.id, text: 'Can we move the call to Friday?', status: 'PENDING' });
    // The key is the outbox's dedup contract: one email per fallback message, whoever queues it.
    const email = await env.db.email.findUniqueOrThrow({ where: { idempotencyKey: `fallback-message:${message.id}` } });
    expect(email).toMatchObject({ template: 'fallback-message', toUserId: designer.id, status: 'QUEUED' });
    expect(email.props).toMatchObject({
      senderName: client.name,
      recipientName: designer.name,
      projectTitle: 'Logo for a bakery',
      projectUrl: `${appUrl}/projects/${project.id}`,
    });
    expect((await jobsOf(env.db, 'replay-fallback-messages')).map((j) => j.key)).toContain(
      `fallback-replay:${project.id}`,
    );
    const conversation = await env.db.conversation.findUniqueOrThrow({ where: { projectId: project.id } });
    expect(conversation.lastActivityAt.getTime()).toBe(new Date(message.createdAt).getTime());
  });

  it('stores a resubmitted message once (same client key) and emails it once', async () => {
    const { project, client, designer } = await makeProject(env.db);
    const body = { clientKey: randomUUID(), text: 'Sent twice by a flaky network' };
    const first = await send(project.id, client, body);
    const second = await send(project.id, client, body);
    expect(second).toMatchObject({ created: false, message: { id: first.message.id } });
    expect(await env.db.fallbackMessage.count({ where: { projectId: project.id } })).toBe(1);
    expect(
      await env.db.email.findMany({
        where: { toUserId: designer.id },
        select: { template: true, idempotencyKey: true },
      }),
    ).toEqual([{ template: 'fallback-message', idempotencyKey: `fallback-message:${first.message.id}` }]);
  });

  it('refuses an oversize or empty message with a clear message and writes nothing', async () => {
    const { project, designer } = await makeProject(env.db);
    const oversize = send(project.id, designer, { clientKey: randomUUID(), text: 'x'.repeat(10_001) });
    await expect(oversize).rejects.toThrow(ValidationError);
    await expect(oversize).rejects.toMatchObject({
      message: 'Messages can be at most 10,000 characters. Shorten it or send it in two parts.',
    });
    await expect(send(project.id, designer, { clientKey: randomUUID(), text: '   \n ' })).rejects.toMatchObject({
      fieldErrors: { text: ['Write a message first.'] },
    });
    await expect(send(project.id, designer, { clientKey: 'not-a-uuid', text: 'hi' })).rejects.toThrow(ValidationError);
    expect(await send(project.id, designer, { clientKey: randomUUID(), text: 'x'.repeat(10_000) })).toMatchObject({
      created: true,
    });
    expect(await env.db.fallbackMessage.count({ where: { projectId: project.id } })).toBe(1);
  });

  it('rolls everything back when a later step fails: no message without its email', async () => {
    const { project, client } = await makeProject(env.db);
    // A projectUrl that is not http(s) fails the email template's check inside the transaction.
    await expect(
      send(project.id, client, { clientKey: randomUUID(), text: 'lost?' }, 'javascript:alert(1)'),
    ).rejects.toThrow(EmailTemplateError);
    expect(await env.db.fallbackMessage.count({ where: { projectId: project.id } })).toBe(0);
    expect((await jobsOf(env.db, 'replay-fallback-messages')).map((j) => j.key)).not.toContain(
      `fallback-replay:${project.id}`,
    );
  });

  it('lets only members write: staff are read-only (403), others do not see the project (404)', async () => {
    const { project } = await makeProject(env.db);
    const support = await makeUser(env.db, 'SUPPORT');
    const stranger = await makeUser(env.db, 'CLIENT');
    await expect(send(project.id, support, { clientKey: randomUUID(), text: 'hi' })).rejects.toThrow(ForbiddenError);
    await expect(send(project.id, stranger, { clientKey: randomUUID(), text: 'hi' })).rejects.toThrow(NotFoundError);
    await expect(send('not-a-uuid', stranger, { clientKey: randomUUID(), text: 'hi' })).rejects.toThrow(NotFoundError);
    expect(await listFallbackMessages({ ctx: env.ctx, input: { projectId: project.id, viewer: support } })).toEqual([]);
    await expect(
      listFallbackMessages({ ctx: env.ctx, input: { projectId: project.id, viewer: stranger } }),
    ).rejects.toThrow(NotFoundError);
  });
});
