import { beforeAll, describe, expect, it } from 'vitest';
import {
  addSeconds,
  drainJobs,
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
    const { client, designer, vendorConversationId } = await makeConversation(env.db);
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

    // The queue catches up and the email is due; SendGrid refuses it: now, and only now, it is SendGrid's.
    const { stub, transport } = await sendgridStub();
    stub.handle(() => ({
      status: 400,
      body: { errors: [{ message: 'The from address does not match a verified Sender Identity' }] },
    }));
    const now = new Date();
    await drainJobs({ db: env.db, transport, now });
    await drainJobs({ db: env.db, transport, now: addSeconds(now, messagingSettings.unreadDelaySeconds + 1) });
    const refused = await canaryPipelineState(env.db, 'sandbox', messageId, since);
    expect(refused.event?.status).not.toBe('RECEIVED');
    expect(refused.email?.sendAttempts).toBeGreaterThan(0);
    expect(blameEmailWait(refused, WAIT_MS).component).toBe('email');
  });
});
