import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProject, makeUser, marketplaceContext } from '../../test/support/marketplace';
import { ForbiddenError } from '../errors';
import { VendorApiError } from './errors';
import { loadTranscript } from './load-transcript';
import { openChatEmbed } from './open-chat-embed';

let env: Awaited<ReturnType<typeof marketplaceContext>>;

beforeAll(async () => {
  env = await marketplaceContext();
});
afterAll(() => env.db.$disconnect());

describe('openChatEmbed', () => {
  it('ensures the vendor users and conversation (ids = ours), records the Conversation once, and signs a URL', async () => {
    const { project, client, designer } = await makeProject(env.db, 'Menu design');
    const first = await openChatEmbed({ ctx: env.ctx, input: { projectId: project.id, viewer: client } });
    await openChatEmbed({ ctx: env.ctx, input: { projectId: project.id, viewer: designer } });
    expect(first).toEqual({ url: `http://vendor.test/embed/${project.id}?token=for-${client.id}`, origin: 'http://vendor.test', vendor: 'sandbox' });
    expect(env.vendor.users.get(designer.id)).toMatchObject({ name: designer.name, email: designer.email, role: 'designer' });
    expect(env.vendor.conversations.get(project.id)).toEqual({ participantIds: [client.id, designer.id], subject: 'Menu design' });
    expect(await env.db.conversation.findMany({ where: { projectId: project.id } })).toEqual([expect.objectContaining({ vendor: 'sandbox', vendorConversationId: project.id })]);
  });

  it('gives up after the deadline so the page can show the fallback at once', async () => {
    const { project, client } = await makeProject(env.db);
    const slow = { ...env.ctx, vendor: Object.assign(Object.create(env.vendor), { ensureUser: () => new Promise(() => undefined) }) };
    await expect(openChatEmbed({ ctx: slow, input: { projectId: project.id, viewer: client, deadlineMs: 50 } })).rejects.toMatchObject({ vendorCode: 'DEADLINE', retryable: true });
    env.vendor.fail('ensureConversation');
    await expect(openChatEmbed({ ctx: env.ctx, input: { projectId: project.id, viewer: client } })).rejects.toThrow(VendorApiError);
  });

  it('is for members only; staff read the transcript instead', async () => {
    const { project, client } = await makeProject(env.db);
    const support = await makeUser(env.db, 'SUPPORT');
    await expect(openChatEmbed({ ctx: env.ctx, input: { projectId: project.id, viewer: support } })).rejects.toThrow(ForbiddenError);
    await openChatEmbed({ ctx: env.ctx, input: { projectId: project.id, viewer: client } });
    await env.vendor.sendMessage({ conversationId: project.id, senderId: client.id, text: 'hello', idempotencyKey: 'k1' });
    await env.vendor.sendMessage({ conversationId: project.id, senderId: client.id, text: 'replayed', idempotencyKey: 'fallback:abc' });
    const transcript = await loadTranscript({ ctx: env.ctx, input: { projectId: project.id, since: project.createdAt, until: new Date(Date.now() + 1000) } });
    expect(transcript.map((m) => [m.text, m.fromFallback])).toEqual([['hello', false], ['replayed', true]]);
  });
});
