import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobsOf, makeProject, makeUser, marketplaceContext } from '../../test/support/marketplace';
import { testVendor } from '../../test/support/messaging';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { scheduleReplay } from '../fallback/jobs/replay-fallback-messages';
import { prismaExecutor } from '../jobs/prisma-executor';
import { getRegistry } from '../metrics/registry';
import { recordChatEmbedBeacon } from './record-chat-embed-beacon';

let env: Awaited<ReturnType<typeof marketplaceContext>>;

beforeAll(async () => {
  // The service reads only the adapter's name; the sandbox adapter (never called here) gives it.
  env = await marketplaceContext(testVendor());
});
afterAll(() => env.db.$disconnect());

/** A sample's value; for a histogram, name it as `<name>_count` etc. */
async function metric(sample: string, labels: Record<string, string> = {}) {
  const found = (await getRegistry().getMetricsAsJSON()).find(
    (m) => sample === m.name || sample.startsWith(`${m.name}_`),
  );
  const values = (found?.values ?? []) as {
    value: number;
    labels: Record<string, string | number>;
    metricName?: string;
  }[];
  const value = values.find(
    (v) => (v.metricName ?? found?.name) === sample && Object.entries(labels).every(([k, l]) => v.labels[k] === l),
  );
  return value?.value ?? 0;
}

const beacon = (projectId: string, overrides: Record<string, unknown> = {}) => ({
  attemptId: randomUUID(),
  projectId,
  result: 'ready',
  loadMs: 850,
  retry: false,
  ...overrides,
});

describe('recordChatEmbedBeacon', () => {
  it('stores each attempt once and counts it in the chat_embed metrics', async () => {
    const { project, client } = await makeProject(env.db);
    const ready = await metric('chat_embed_loads_total', { result: 'ready' });
    const timeouts = await metric('chat_embed_loads_total', { result: 'timeout' });
    const observed = await metric('chat_embed_load_seconds_count');

    const body = beacon(project.id);
    expect(await recordChatEmbedBeacon({ ctx: env.ctx, input: { viewer: client, body } })).toEqual({ recorded: true });
    expect(await recordChatEmbedBeacon({ ctx: env.ctx, input: { viewer: client, body } })).toEqual({ recorded: false });
    await recordChatEmbedBeacon({
      ctx: env.ctx,
      input: { viewer: client, body: beacon(project.id, { result: 'timeout', loadMs: 8000, retry: true }) },
    });

    expect(await metric('chat_embed_loads_total', { result: 'ready' })).toBe(ready + 1);
    expect(await metric('chat_embed_loads_total', { result: 'timeout' })).toBe(timeouts + 1);
    expect(await metric('chat_embed_load_seconds_count')).toBe(observed + 1);
    const rows = await env.db.chatEmbedBeacon.findMany({
      where: { projectId: project.id },
      orderBy: { receivedAt: 'asc' },
    });
    expect(rows.map((r) => [r.result, r.loadMs, r.retry, r.userId, r.vendor])).toEqual([
      ['READY', 850, false, client.id, 'sandbox'],
      ['TIMEOUT', 8000, true, client.id, 'sandbox'],
    ]);
  });

  it("counts failures by whose part failed, so the vendor-UI alert leaves out loads the vendor's UI never got", async () => {
    const { project, client } = await makeProject(env.db);
    const count = (cause: string) => metric('chat_embed_loads_total', { result: 'error', cause });
    const before = { api: await count('vendor-api'), ours: await count('ours'), ui: await count('vendor-ui') };
    const send = (overrides: Record<string, unknown>) =>
      recordChatEmbedBeacon({
        ctx: env.ctx,
        input: { viewer: client, body: beacon(project.id, { result: 'error', loadMs: 0, ...overrides }) },
      });
    await send({ cause: 'vendor-api' });
    await send({ cause: 'ours' });
    await send({ detail: 'chat:error' });
    expect([await count('vendor-api'), await count('ours'), await count('vendor-ui')]).toEqual([
      before.api + 1,
      before.ours + 1,
      before.ui + 1,
    ]);
    await expect(send({ cause: 'the vendor' })).rejects.toThrow(ValidationError);
  });

  it('pulls the pending replay forward when a real user sees the chat load again', async () => {
    const { project, client, designer } = await makeProject(env.db);
    await env.db.fallbackMessage.create({
      data: { projectId: project.id, senderId: designer.id, clientKey: randomUUID(), text: 'waiting' },
    });
    // The replay backed off after a vendor failure: its job is due an hour from now.
    const backedOff = new Date(Date.now() + 3_600_000);
    await scheduleReplay(prismaExecutor(env.db), project.id, backedOff);
    const key = `fallback-replay:${project.id}`;
    const projectJobs = async () => (await jobsOf(env.db, 'replay-fallback-messages')).filter((j) => j.key === key);
    await recordChatEmbedBeacon({
      ctx: env.ctx,
      input: { viewer: client, body: beacon(project.id, { result: 'error', detail: 'boom' }) },
    });
    expect((await projectJobs()).map((j) => j.run_at.getTime())).toEqual([backedOff.getTime()]);
    const before = Date.now();
    await recordChatEmbedBeacon({ ctx: env.ctx, input: { viewer: client, body: beacon(project.id) } });
    const jobs = await projectJobs();
    // The same one job (the key replaces it), now due at once.
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.run_at.getTime()).toBeLessThanOrEqual(Date.now());
    expect(jobs[0]!.run_at.getTime()).toBeGreaterThanOrEqual(before - 5_000);
  });

  it('refuses malformed beacons and beacons about projects the user is not in', async () => {
    const { project, client } = await makeProject(env.db);
    await expect(
      recordChatEmbedBeacon({ ctx: env.ctx, input: { viewer: client, body: beacon(project.id, { result: 'maybe' }) } }),
    ).rejects.toThrow(ValidationError);
    await expect(
      recordChatEmbedBeacon({ ctx: env.ctx, input: { viewer: client, body: beacon(project.id, { loadMs: -1 }) } }),
    ).rejects.toThrow(ValidationError);
    await expect(
      recordChatEmbedBeacon({
        ctx: env.ctx,
        input: { viewer: await makeUser(env.db, 'CLIENT'), body: beacon(project.id) },
      }),
    ).rejects.toThrow(NotFoundError);
    await expect(
      recordChatEmbedBeacon({
        ctx: env.ctx,
        input: { viewer: await makeUser(env.db, 'SUPPORT'), body: beacon(project.id) },
      }),
    ).rejects.toThrow(ForbiddenError);
    expect(await env.db.chatEmbedBeacon.count({ where: { projectId: project.id } })).toBe(0);
  });
});
