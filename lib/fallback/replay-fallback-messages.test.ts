import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProject, marketplaceContext } from '../../test/support/marketplace';
import { testClock } from '../../test/support/service-context';
import { extendContext } from '../context';
import { VendorApiError } from '../chat-provider/errors';
import { replayFallbackMessages } from './replay-fallback-messages';

let env: Awaited<ReturnType<typeof marketplaceContext>>;

beforeAll(async () => {
  env = await marketplaceContext();
});
afterAll(() => env.db.$disconnect());

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
const vendorTexts = (projectId: string) =>
  env.vendor.messages.filter((m) => m.conversationId === projectId).map((m) => m.text);

describe('replayFallbackMessages', () => {
  it('creates the vendor conversation if needed and replays pending messages in the order they were written', async () => {
    const { project, client, designer } = await pendingProject(['first', 'second', 'third']);
    const outcome = await replay(project.id);
    expect(outcome).toEqual({ replayed: 3, failed: 0, retryAt: null });
    expect(vendorTexts(project.id)).toEqual(['first', 'second', 'third']);
    expect(env.vendor.conversations.get(project.id)?.participantIds).toEqual([client.id, designer.id]);
    const rows = await env.db.fallbackMessage.findMany({ where: { projectId: project.id } });
    expect(rows.every((r) => r.status === 'REPLAYED' && r.vendorMessageId && r.replayedAt)).toBe(true);
    expect(
      env.vendor.messages
        .filter((m) => m.conversationId === project.id)
        .map((m) => m.idempotencyKey)
        .sort(),
    ).toEqual(rows.map((r) => `fallback:${r.id}`).sort());
    expect(await env.db.conversation.count({ where: { projectId: project.id } })).toBe(1);
  });

  it('never duplicates in the vendor: a second run, or two at once, leave one message per fallback message', async () => {
    const { project } = await pendingProject(['only once', 'and me']);
    await Promise.all([replay(project.id), replay(project.id)]);
    await replay(project.id);
    // Simulate a crash after the vendor accepted but before our row was updated: the replay runs again.
    await env.db.fallbackMessage.updateMany({ where: { projectId: project.id }, data: { status: 'PENDING' } });
    await replay(project.id);
    expect(vendorTexts(project.id)).toEqual(['only once', 'and me']);
  });

  it('keeps messages pending and schedules a retry with backoff while the vendor does not answer, keeping order', async () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const { project: other } = await pendingProject(['x', 'y'], now);
    env.vendor.fail('ensureUser', 1);
    const first = await replay(other.id, now);
    expect(first.retryAt).toEqual(new Date(now.getTime() + 5_000));
    let rows = await env.db.fallbackMessage.findMany({ where: { projectId: other.id }, orderBy: { createdAt: 'asc' } });
    expect(rows.map((r) => [r.status, r.attempts, r.lastError?.startsWith('503')])).toEqual([
      ['PENDING', 1, true],
      ['PENDING', 1, true],
    ]);

    env.vendor.fail('sendMessage', 1, new VendorApiError('busy', 429, true, { retryAfterMs: 30_000 }));
    const second = await replay(other.id, now);
    expect(second).toEqual({ replayed: 0, failed: 0, retryAt: new Date(now.getTime() + 30_000) });
    expect(vendorTexts(other.id)).toEqual([]);

    expect(await replay(other.id, now)).toEqual({ replayed: 2, failed: 0, retryAt: null });
    expect(vendorTexts(other.id)).toEqual(['x', 'y']);
    rows = await env.db.fallbackMessage.findMany({ where: { projectId: other.id } });
    expect(rows.every((r) => r.status === 'REPLAYED' && r.lastError === null && r.nextAttemptAt === null)).toBe(true);
  });

  it('marks a message the vendor refuses for good as FAILED and goes on with the rest', async () => {
    const { project } = await pendingProject(['refused', 'fine']);
    env.vendor.fail(
      'sendMessage',
      1,
      new VendorApiError('text too long', 400, false, { vendorCode: 'validation_error' }),
    );
    expect(await replay(project.id)).toEqual({ replayed: 1, failed: 1, retryAt: null });
    const rows = await env.db.fallbackMessage.findMany({
      where: { projectId: project.id },
      orderBy: { createdAt: 'asc' },
    });
    expect(rows.map((r) => r.status)).toEqual(['FAILED', 'REPLAYED']);
    expect(rows[0]!.lastError).toContain('400 validation_error');
  });

  it('gives up after a day of failures (the email already delivered the text)', async () => {
    const written = new Date('2030-01-01T00:00:00Z');
    const { project } = await pendingProject(['old'], written);
    env.vendor.fail('ensureUser', 1);
    const outcome = await replay(project.id, new Date(written.getTime() + 24 * 3_600_000));
    expect(outcome).toEqual({ replayed: 0, failed: 1, retryAt: null });
    const row = await env.db.fallbackMessage.findFirstOrThrow({ where: { projectId: project.id } });
    expect(row.status).toBe('FAILED');
    expect(row.lastError).toMatch(/^gave up after 24 h/);
  });
});
