import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProject, makeUser, marketplaceContext } from '../../test/support/marketplace';
import { startSandboxVendor, type SandboxVendor } from '../../test/support/sandbox-vendor';
import { testContext } from '../../test/support/service-context';
import type { ServiceContext } from '../context';
import { ForbiddenError } from '../errors';
import { VendorApiError } from './errors';
import { fallbackCauseOfError } from './fallback-cause';
import { loadTranscript } from './load-transcript';
import { openChatEmbed } from './open-chat-embed';

// Against the sandbox vendor over HTTP: the URL must open the vendor's embed for that viewer, and only for them.

let env: Awaited<ReturnType<typeof marketplaceContext>>;
let sandbox: SandboxVendor;
let ctx: ServiceContext;

beforeAll(async () => {
  env = await marketplaceContext();
  sandbox = await startSandboxVendor();
  ctx = testContext({ db: env.db, log: env.ctx.log, vendor: sandbox.vendor });
});
afterAll(() => env.db.$disconnect());

const html = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, text: await response.text() };
};

describe('openChatEmbed', () => {
  it('ensures the vendor users and conversation (ids = ours), records the Conversation once, and signs a URL the vendor accepts', async () => {
    const { project, client, designer } = await makeProject(env.db, 'Menu design');
    const first = await openChatEmbed({ ctx, input: { projectId: project.id, viewer: client } });
    const second = await openChatEmbed({ ctx, input: { projectId: project.id, viewer: designer } });
    expect(first).toMatchObject({ origin: new URL(sandbox.url).origin, vendor: 'sandbox' });
    expect(first.url.startsWith(`${sandbox.url}/embed/${project.id}?token=`)).toBe(true);

    // The vendor opens the conversation we created (subject, both participants by name) for the signed viewer.
    const page = await html(first.url);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Menu design');
    expect(page.text).toContain(designer.name);
    expect(page.text).toContain(client.name);
    // A token is for one viewer: the designer's URL differs, and a tampered token is refused.
    expect(second.url).not.toBe(first.url);
    expect((await html(second.url)).status).toBe(200);
    const token = new URL(first.url).searchParams.get('token')!;
    const tampered = new URL(first.url);
    tampered.searchParams.set('token', `${token.slice(0, -2)}xx`);
    expect((await html(tampered.toString())).status).toBe(403);
    // An outsider the vendor knows nothing of cannot use a URL signed for someone else's conversation.
    const outsider = await makeUser(env.db, 'CLIENT');
    const foreign = await sandbox.vendor.embedUrl({ conversationId: project.id, userId: outsider.id });
    expect((await html(foreign)).status).toBe(403);

    expect(await env.db.conversation.findMany({ where: { projectId: project.id } })).toEqual([
      expect.objectContaining({ vendor: 'sandbox', vendorConversationId: project.id }),
    ]);
  });

  it('gives up after the deadline so the page can show the fallback at once, and reports a vendor outage', async () => {
    const { project, client } = await makeProject(env.db);
    await sandbox.fault('api-slow', { delayMs: 2_000 });
    try {
      await expect(
        openChatEmbed({ ctx, input: { projectId: project.id, viewer: client, deadlineMs: 50 } }),
      ).rejects.toMatchObject({ vendorCode: 'DEADLINE', retryable: true });
    } finally {
      await sandbox.endFaults();
    }
    await sandbox.fault('api-down');
    try {
      const error = await openChatEmbed({ ctx, input: { projectId: project.id, viewer: client } }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(VendorApiError);
      // The page's fallback notice then names the vendor's API, not its UI (the monitor blames vendor_api).
      expect(fallbackCauseOfError(error)).toBe('vendor-api');
    } finally {
      await sandbox.endFaults();
    }
  });

  it('is for members only; staff read the transcript instead', async () => {
    const { project, client } = await makeProject(env.db);
    const support = await makeUser(env.db, 'SUPPORT');
    await expect(openChatEmbed({ ctx, input: { projectId: project.id, viewer: support } })).rejects.toThrow(
      ForbiddenError,
    );
    await openChatEmbed({ ctx, input: { projectId: project.id, viewer: client } });
    await sandbox.vendor.sendMessage({
      conversationId: project.id,
      senderId: client.id,
      text: 'hello',
      idempotencyKey: 'k1',
    });
    await sandbox.vendor.sendMessage({
      conversationId: project.id,
      senderId: client.id,
      text: 'replayed',
      idempotencyKey: 'fallback:abc',
    });
    const transcript = await loadTranscript({
      ctx,
      input: { projectId: project.id, since: project.createdAt, until: new Date(Date.now() + 1000) },
    });
    expect(transcript.map((m) => [m.text, m.fromFallback])).toEqual([
      ['hello', false],
      ['replayed', true],
    ]);
  });
});
