import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProject, marketplaceContext } from '../../test/support/marketplace';
import { startSandboxVendor, type SandboxVendor } from '../../test/support/sandbox-vendor';
import { testClock } from '../../test/support/service-context';
import { waitForRecord } from '../../test/support/worker';
import { extendContext } from '../context';
import { replayFallbackMessages } from './replay-fallback-messages';

// Against the sandbox vendor over HTTP: its idempotency keys, its validation and its faults (api-down answers 503,
// api-429 answers 429 with Retry-After) are the vendor's, not a stand-in's.

let env: Awaited<ReturnType<typeof marketplaceContext>>;
let sandbox: SandboxVendor;

beforeAll(async () => {
  sandbox = await startSandboxVendor();
  env = await marketplaceContext(sandbox.vendor);
});
afterAll(() => env.db.$disconnect());

/** Runs `body` while the sandbox has `fault` on; always ends it. */
async function during<T>(fault: Parameters<SandboxVendor['fault']>, body: () => Promise<T>): Promise<T> {
  await sandbox.fault(...fault);
  try {
    return await body();
  } finally {
    await sandbox.endFaults();
  }
}

async function pendingProject(texts: string[], createdAt?: Date) {
  const { project, client, designer } = await makeProject(env.db);
  const base = (createdAt ?? new Date()).getTime();
  for (const [i, text] of texts.entries()) {
    await env.db.fallbackMessage.create({
      data: {
        projectId: project.id,
        senderId: i % 2 ? designer.id : client.id,
        clientKey: crypto.randomUUID(),
        text,
        createdAt: new Date(base + i * 1000),
      },
    });
  }
  return { project, client, designer };
}

const replay = (projectId: string, now?: Date) =>
  replayFallbackMessages({
    ctx: now ? extendContext(env.ctx, { clock: testClock(now) }) : env.ctx,
    input: { projectId },
  });
/** The conversation's messages as the vendor lists them (GET /messages, oldest first). */
async function vendorMessages(projectId: string) {
  const all = [];
  for await (const m of sandbox.vendor.listMessages({ since: new Date(0), until: new Date(Date.now() + 60_000) }))
    if (m.conversationId === projectId) all.push(m);
  return all;
}
const vendorTexts = async (projectId: string) => (await vendorMessages(projectId)).map((m) => m.text);

/** The participants the vendor created the conversation with, from its conversation.created webhook. */
const createdParticipants = (projectId: string) =>
  waitForRecord(`the vendor's conversation.created for ${projectId}`, async () => {
    for (const request of sandbox.webhooks.requests) {
      const body = JSON.parse(request.body) as {
        type: string;
        data: { conversation?: { id: string; participants: string[] } };
      };
      if (body.type === 'conversation.created' && body.data.conversation?.id === projectId)
        return body.data.conversation.participants;
    }
    return undefined;
  });

describe('replayFallbackMessages', () => {
  it('creates the vendor conversation if needed and replays pending messages in the order they were written', async () => {
    const { project, client, designer } = await pendingProject(['first', 'second', 'third']);
    const outcome = await replay(project.id);
    expect(outcome).toEqual({ replayed: 3, failed: 0, retryAt: null });
    expect(await vendorTexts(project.id)).toEqual(['first', 'second', 'third']);
    expect(await createdParticipants(project.id)).toEqual([client.id, designer.id]);
    const rows = await env.db.fallbackMessage.findMany({ where: { projectId: project.id } });
    expect(rows.every((r) => r.status === 'REPLAYED' && r.vendorMessageId && r.replayedAt)).toBe(true);
    expect((await vendorMessages(project.id)).map((m) => m.idempotencyKey).sort()).toEqual(
      rows.map((r) => `fallback:${r.id}`).sort(),
    );
    expect(await env.db.conversation.count({ where: { projectId: project.id } })).toBe(1);
  });

  it('never duplicates in the vendor: a second run, or two at once, leave one message per fallback message', async () => {
    const { project } = await pendingProject(['only once', 'and me']);
    await Promise.all([replay(project.id), replay(project.id)]);
    await replay(project.id);
    // Simulate a crash after the vendor accepted but before our row was updated: the replay runs again.
    await env.db.fallbackMessage.updateMany({ where: { projectId: project.id }, data: { status: 'PENDING' } });
    await replay(project.id);
    expect(await vendorTexts(project.id)).toEqual(['only once', 'and me']);
  });

  it('keeps messages pending and schedules a retry with backoff while the vendor does not answer, keeping order', async () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const { project: other } = await pendingProject(['x', 'y'], now);
    const first = await during(['api-down'], () => replay(other.id, now));
    expect(first.retryAt).toEqual(new Date(now.getTime() + 5_000));
    let rows = await env.db.fallbackMessage.findMany({ where: { projectId: other.id }, orderBy: { createdAt: 'asc' } });
    expect(rows.map((r) => [r.status, r.attempts, r.lastError])).toEqual([
      ['PENDING', 1, expect.stringMatching(/^503 service_unavailable: /)],
      ['PENDING', 1, expect.stringMatching(/^503 service_unavailable: /)],
    ]);

    // Rate limited: the vendor's Retry-After (30 s) wins over our own backoff.
    const second = await during(['api-429', { delayMs: 30_000 }], () => replay(other.id, now));
    expect(second).toEqual({ replayed: 0, failed: 0, retryAt: new Date(now.getTime() + 30_000) });
    expect(await vendorTexts(other.id)).toEqual([]);

    expect(await replay(other.id, now)).toEqual({ replayed: 2, failed: 0, retryAt: null });
    expect(await vendorTexts(other.id)).toEqual(['x', 'y']);
    rows = await env.db.fallbackMessage.findMany({ where: { projectId: other.id } });
    expect(rows.every((r) => r.status === 'REPLAYED' && r.lastError === null && r.nextAttemptAt === null)).toBe(true);
  });

  it('marks a message the vendor refuses for good as FAILED and goes on with the rest', async () => {
    // The vendor refuses a text over 10,000 characters with a 400 (sandbox/chat/schemas.ts).
    const { project } = await pendingProject(['x'.repeat(10_001), 'fine']);
    expect(await replay(project.id)).toEqual({ replayed: 1, failed: 1, retryAt: null });
    const rows = await env.db.fallbackMessage.findMany({
      where: { projectId: project.id },
      orderBy: { createdAt: 'asc' },
    });
    expect(rows.map((r) => r.status)).toEqual(['FAILED', 'REPLAYED']);
    expect(await vendorTexts(project.id)).toEqual(['fine']);
    expect(rows[0]!.lastError).toContain('400 validation_error');
  });

  it('gives up after a day of failures (the email already delivered the text)', async () => {
    const written = new Date('2030-01-01T00:00:00Z');
    const { project } = await pendingProject(['old'], written);
    const outcome = await during(['api-down'], () => replay(project.id, new Date(written.getTime() + 24 * 3_600_000)));
    expect(outcome).toEqual({ replayed: 0, failed: 1, retryAt: null });
    const row = await env.db.fallbackMessage.findFirstOrThrow({ where: { projectId: project.id } });
    expect(row.status).toBe('FAILED');
    expect(row.lastError).toMatch(/^gave up after 24 h/);
  });
});
