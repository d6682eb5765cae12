import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHttpStub, type HttpStub } from '../../../test/support/http-stub';
import { claimSettings, makeUser, messagingDatabase, silent } from '../../../test/support/messaging';
import { startPgFaultProxy, type PgFaultProxy } from '../../../test/support/pg-fault-proxy';
import { testContext } from '../../../test/support/service-context';
import { extendContext } from '../../context';
import { createDb, type Db } from '../../db/client';
import { createEmailTransport, type EmailTransport } from '../transport';
import { queueEmail } from './queue-email';
import { sendQueuedEmail } from './send-queued-email';

// The send state machine when the worker's database connection dies around the request (real PostgreSQL behind a
// fault proxy, the real @sendgrid/mail client against a local stub): a request that never left is sent again, one
// whose answer came is recorded once the database is back, and only one that may have reached SendGrid without a
// recorded answer is held.

let env: Awaited<ReturnType<typeof messagingDatabase>>;
let proxy: PgFaultProxy;
let viaProxy: Db;
let stub: HttpStub;
let transport: EmailTransport;

beforeAll(async () => {
  env = await messagingDatabase();
  proxy = await startPgFaultProxy(env.url);
  viaProxy = createDb(proxy.url, 2, {
    connectionTimeoutMillis: 2000,
    statement_timeout: 10_000,
    query_timeout: 10_000,
  });
  stub = await startHttpStub();
  transport = createEmailTransport({ apiKey: 'SG.test', apiUrl: stub.url, from: 'no-reply@chatwatch.test' });
});
afterAll(async () => {
  await viaProxy.$disconnect();
  await stub.close();
  await proxy.close();
});
beforeEach(() => {
  proxy.resume();
  stub.requests.length = 0;
  stub.handle(() => ({ status: 202, headers: { 'x-message-id': 'sg-ok' } }));
});

const send = (emailId: string, db: Db, env_: Record<string, string> = {}) =>
  sendQueuedEmail(
    extendContext(testContext({ db, log: silent, env: env_ }), {
      transport,
      retry: { attempts: 1, baseDelayMs: 1 },
      settings: claimSettings,
    }),
    { emailId, finalAttempt: false },
  );

async function queued(): Promise<string> {
  const user = await makeUser(env.db, 'CLIENT');
  const props = { recipientName: 'Dana', resetUrl: 'https://app.chatwatch.test/reset?t=1', expiresInMinutes: 30 };
  return (
    await queueEmail(env.db, {
      idempotencyKey: `handover:${user.id}`,
      template: 'password-reset',
      toUserId: user.id,
      props,
    })
  ).emailId;
}

const attempts = (emailId: string) =>
  env.db.emailSendAttempt.findMany({
    where: { emailId },
    orderBy: { attempt: 'asc' },
    select: { attempt: true, state: true },
  });
const status = async (emailId: string) => (await env.db.email.findUniqueOrThrow({ where: { id: emailId } })).status;

describe('send state machine through a lost database connection', () => {
  it('sends again, once, an email whose connection died after the SENDING mark and before the request', async () => {
    const emailId = await queued();
    const lost = proxy.loseNextCommitAnswer();
    // The claim's COMMIT reaches PostgreSQL (the email is SENDING) but its answer is lost: the run stops here.
    await expect(send(emailId, viaProxy)).rejects.toThrow();
    await lost;
    expect(await status(emailId)).toBe('SENDING');
    expect(stub.requests).toHaveLength(0);

    // The job's next run knows the request never left.
    expect(await send(emailId, env.db)).toBe('sent');
    expect(stub.requests).toHaveLength(1);
    expect(await status(emailId)).toBe('SENT');
    expect(await attempts(emailId)).toEqual([
      { attempt: 1, state: 'NOT_SENT' },
      { attempt: 2, state: 'ACCEPTED' },
    ]);
  });

  it("records SendGrid's answer when the connection dies while recording it", async () => {
    const emailId = await queued();
    let lost: Promise<void> | undefined;
    stub.handle(() => {
      // The request is with SendGrid: the next COMMIT is the one recording its answer.
      lost = proxy.loseNextCommitAnswer();
      return { status: 202, headers: { 'x-message-id': 'sg-late' } };
    });
    expect(await send(emailId, viaProxy)).toBe('sent');
    await lost;
    expect(stub.requests).toHaveLength(1);
    expect(await status(emailId)).toBe('SENT');
    expect(await attempts(emailId)).toEqual([{ attempt: 1, state: 'ACCEPTED' }]);
  });

  it('holds, never resends, an email whose request left and whose answer could not be recorded', async () => {
    const emailId = await queued();
    stub.handle(() => {
      proxy.stop();
      return { status: 202, headers: { 'x-message-id': 'sg-unrecorded' } };
    });
    await expect(send(emailId, viaProxy, { EMAIL_RECORD_RETRY_SECONDS: '0' })).rejects.toThrow();
    proxy.resume();

    expect(await send(emailId, env.db)).toBe('unconfirmed');
    expect(stub.requests).toHaveLength(1);
    expect(await status(emailId)).toBe('UNCONFIRMED');
    expect(await attempts(emailId)).toEqual([{ attempt: 1, state: 'UNKNOWN' }]);
  });
});
