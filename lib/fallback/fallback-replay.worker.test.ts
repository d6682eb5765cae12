import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobsOf, makeProject, marketplaceContext } from '../../test/support/marketplace';
import { sendgridStub } from '../../test/support/messaging';
import { startSandboxVendor, type SandboxVendor } from '../../test/support/sandbox-vendor';
import { startTestWorker, waitForRecord } from '../../test/support/worker';
import { prismaExecutor } from '../jobs/prisma-executor';
import { scheduleReplay } from './jobs/replay-fallback-messages';
import { sendFallbackMessage } from './send-fallback-message';

// The fallback composer while the vendor's API is down (sandbox fault api-down), through the real job queue:
// the message is stored and emailed at once, its replay job is postponed by the handler while the vendor answers
// 503, and once the vendor is back the replay puts every message into the vendor conversation once, in order.

let env: Awaited<ReturnType<typeof marketplaceContext>>;
let sandbox: SandboxVendor;
let mail: Awaited<ReturnType<typeof sendgridStub>>;

beforeAll(async () => {
  sandbox = await startSandboxVendor();
  env = await marketplaceContext(sandbox.vendor);
  mail = await sendgridStub();
  await startTestWorker({
    url: env.url,
    env: { ...sandbox.configEnv, SENDGRID_API_URL: mail.stub.url },
    tasks: ['replay-fallback-messages', 'send-email'],
  });
});
afterAll(() => env.db.$disconnect());

async function vendorTexts(projectId: string): Promise<string[]> {
  const texts: string[] = [];
  for await (const m of sandbox.vendor.listMessages({ since: new Date(0), until: new Date(Date.now() + 60_000) }))
    if (m.conversationId === projectId) texts.push(m.text);
  return texts;
}

describe('fallback during a vendor API outage, through the real worker', () => {
  it('emails at once, postpones the replay while the API answers 503, and replays once, in order, when it is back', async () => {
    const { project, client, designer } = await makeProject(env.db, 'Shop sign');
    await sandbox.fault('api-down');
    try {
      for (const [viewer, text] of [
        [client, 'Are we still on for Friday?'],
        [designer, 'Yes, 10am works'],
      ] as const)
        await sendFallbackMessage({
          ctx: env.ctx,
          input: { projectId: project.id, viewer, body: { clientKey: randomUUID(), text }, appUrl: 'http://app.test' },
        });

      // The replay job ran against the down API: both messages still pending, the vendor's 503 recorded, the
      // next run scheduled by the handler in the future (not the queue's backoff).
      const postponed = await waitForRecord('the replay postponed by the 503', async () => {
        const rows = await env.db.fallbackMessage.findMany({
          where: { projectId: project.id },
          orderBy: { createdAt: 'asc' },
        });
        return rows.every((r) => r.attempts >= 1) && rows;
      });
      expect(postponed.map((r) => [r.status, r.lastError?.split(':')[0]])).toEqual([
        ['PENDING', '503 service_unavailable'],
        ['PENDING', '503 service_unavailable'],
      ]);
      expect(postponed[0]!.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now());
      // The handler itself queued that next run: the project's replay job is a fresh one (no attempts, so not the
      // queue's own backoff of a failed job), due exactly when the rows say. Without it nothing would replay until
      // a user's beacon came.
      await waitForRecord('the replay job rescheduled by the handler to the recorded next attempt', async () => {
        const [rows, jobs] = await Promise.all([
          env.db.fallbackMessage.findMany({ where: { projectId: project.id }, select: { nextAttemptAt: true } }),
          jobsOf(env.db, 'replay-fallback-messages'),
        ]);
        const job = jobs.find((j) => j.key === `fallback-replay:${project.id}`);
        return (
          job !== undefined &&
          job.attempts === 0 &&
          job.run_at.getTime() > Date.now() &&
          rows.every((r) => r.nextAttemptAt?.getTime() === job.run_at.getTime())
        );
      });
      // Meanwhile each message reached the other party by email, during the outage.
      const emails = await waitForRecord('both fallback emails sent', async () => {
        const rows = await env.db.email.findMany({
          where: { template: 'fallback-message', toUserId: { in: [client.id, designer.id] } },
        });
        return rows.length === 2 && rows.every((e) => e.status === 'SENT') && rows;
      });
      expect(emails.map((e) => e.toUserId).sort()).toEqual([client.id, designer.id].sort());
    } finally {
      await sandbox.endFaults();
    }

    // The vendor is back; a sign of it (the embed's ready beacon does this) pulls the postponed replay forward.
    await scheduleReplay(prismaExecutor(env.db), project.id);
    const replayed = await waitForRecord('both messages replayed', async () => {
      const rows = await env.db.fallbackMessage.findMany({ where: { projectId: project.id } });
      return rows.every((r) => r.status === 'REPLAYED') && rows;
    });
    expect(replayed.every((r) => r.vendorMessageId && r.lastError === null)).toBe(true);
    expect(await vendorTexts(project.id)).toEqual(['Are we still on for Friday?', 'Yes, 10am works']);
  }, 120_000);
});
