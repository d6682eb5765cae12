import { beforeAll, describe, expect, it } from 'vitest';
import {
  APP_URL,
  makeConversation,
  messageSentEvent,
  messagingDatabase,
  messagingSettings,
  sendgridStub,
  signedRequest,
  silent,
  testVendor,
} from '../../../test/support/messaging';
import { receiveVendorWebhook } from '../../../lib/messaging/receive-vendor-webhook';
import { runJobsUntil, sendJobsOf } from '../../../test/support/worker';
import { workerStages } from '../../../test/support/worker-stages';
import { blameEmailWait } from './blame';
import { canaryPipelineState } from './canary-queries';

// The email step's blame decided on what our tables really hold (real PostgreSQL, the real webhook intake and job
// queue): the canary's webhook arrived and was acknowledged, but its job still waits in our queue behind a backlog —
// our pipeline's fault, never SendGrid's. SendGrid is blamed only once we handed it the email and it refused.

let env: Awaited<ReturnType<typeof messagingDatabase>>;
const vendor = testVendor();
const WAIT_MS = 5000;

beforeAll(async () => {
  env = await messagingDatabase();
});

describe('the canary email wait, on our real tables', () => {
  it('blames our pipeline while the canary webhook waits in our queue, and SendGrid only once it refused the email', async () => {
    const { client, conversation, designer, vendorConversationId } = await makeConversation(env.db);
    const since = new Date(Date.now() - 60_000);
    const event = messageSentEvent({
      conversationId: vendorConversationId,
      senderId: client.id,
      participants: [client.id, designer.id],
      text: 'ChatWatch canary n1',
    });
    const messageId = event.data.message.id;
    // Acknowledged by our intake; no worker runs, as when a backlog holds the queue.
    expect(await receiveVendorWebhook(signedRequest(event), { vendor, db: env.pool, log: silent })).toMatchObject({
      accepted: 1,
    });

    const waiting = await canaryPipelineState(env.db, 'sandbox', messageId, since);
    expect(waiting).toMatchObject({ event: { status: 'RECEIVED' }, email: null });
    expect(blameEmailWait(waiting, WAIT_MS)).toMatchObject({
      component: 'pipeline',
      message: expect.stringMatching(/waited in our worker queue/) as unknown,
    });

    // The queue catches up (the real worker) and the email falls due; SendGrid refuses it: now, and only now, it is
    // SendGrid's. The send job is made due at once with graphile-worker's reschedule_jobs and run with the services'
    // clock at the email's sendAt, instead of waiting for the unread delay.
    const { stub } = await sendgridStub();
    stub.handle(() => ({
      status: 400,
      body: { errors: [{ message: 'The from address does not match a verified Sender Identity' }] },
    }));
    const jobEnv = {
      SENDGRID_API_URL: stub.url,
      APP_URL,
      UNREAD_EMAIL_DELAY_SECONDS: String(messagingSettings.unreadDelaySeconds),
    };
    await workerStages({ url: env.url, db: env.db, env: jobEnv }).processUntil(vendorConversationId, 1);
    const email = await env.db.email.findFirstOrThrow({ where: { conversationId: conversation!.id } });
    const jobs = await sendJobsOf(env.db, [email.id]);
    expect(jobs).toHaveLength(1);
    await env.db
      .$queryRaw`SELECT count(*)::int AS n FROM graphile_worker.reschedule_jobs(${jobs.map((j) => j.id)}::bigint[], run_at := now())`;
    const clock = { now: () => new Date(Math.max(Date.now(), email.sendAt.getTime())) };
    await runJobsUntil(
      { url: env.url, env: jobEnv, tasks: ['send-email'], clock },
      'the canary email refused',
      async () => {
        const row = await env.db.email.findUniqueOrThrow({ where: { id: email.id } });
        return !['QUEUED', 'SENDING'].includes(row.status) && row;
      },
    );
    const refused = await canaryPipelineState(env.db, 'sandbox', messageId, since);
    expect(refused.event?.status).not.toBe('RECEIVED');
    expect(refused.email?.sendAttempts).toBeGreaterThan(0);
    expect(blameEmailWait(refused, WAIT_MS).component).toBe('email');
  });
});
