import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/db';
import { seedConversation, startReceiver, startSandbox, waitFor, type Receiver, type Running } from '../test/harness';

/**
 * A delivery whose answer never finishes reading must not stop the dispatcher. The app receives the POST over real
 * HTTP, then the sandbox's fetch hands back an answer whose body never ends and ignores the abort: what Node 20's
 * fetch does when the abort lands mid-read (nodejs/node#56917, nodejs/undici#4089), and the shape of the e2e stall
 * (the app had the first webhook, no attempt was recorded, every later webhook stayed pending with 0 attempts).
 */

/**
 * The real fetch, except that the first request whose body contains `marker` is answered with a body that never
 * ends and does not hear the abort signal (a race, so a retry goes through).
 */
function stallingFetch(marker: string): typeof fetch {
  let stalled = false;
  return async (input, init) => {
    const real = await fetch(input, init);
    await real.arrayBuffer();
    if (stalled || !String(init?.body ?? '').includes(marker)) return new Response(null, { status: real.status });
    stalled = true;
    return new Response(new ReadableStream({ pull: () => new Promise<void>(() => undefined) }), { status: 200 });
  };
}

const deliveries = async (run: Running, query: string) =>
  (await run.call('GET', `/admin/api/deliveries?${query}`)).json.data as any[];

const sendAndAwait = async (run: Running, receiver: Receiver, conversation: string, senderId: string, text: string) => {
  const sent = await run.api('POST', `/conversations/${conversation}/messages`, { senderId, text });
  const id = sent.json.message.id as string;
  await waitFor(() => receiver.requests.some((r) => r.body.includes(id)), 10_000, `the webhook of "${text}"`);
  return id;
};

describe('a delivery whose answer never settles', () => {
  let run: Running;
  let receiver: Receiver;

  beforeAll(async () => {
    receiver = await startReceiver();
    run = await startSandbox(
      await createTestDatabase(),
      { APP_WEBHOOK_URL: `${receiver.url}/api/webhooks/chat` },
      { webhooks: { fetch: stallingFetch('stall me') } },
    );
  });
  afterAll(async () => {
    await run?.sandbox.stop();
    await receiver?.close();
  });

  it('is recorded as a timed-out attempt, retried, and the webhooks behind it are delivered', async () => {
    const { users } = await seedConversation(run, 'st-1');
    const stalled = await sendAndAwait(run, receiver, 'st-1', users[0], 'stall me');
    // Sent after the stalled one is on the wire: it arrives only if the dispatcher got past it.
    await sendAndAwait(run, receiver, 'st-1', users[1], 'after the stall');
    const row = await waitFor(
      async () =>
        (await deliveries(run, 'eventType=message.sent')).find(
          (d) => d.messageId === stalled && d.status === 'delivered',
        ),
      10_000,
      'the stalled webhook retried',
    );
    // The fast schedule gives each POST 2 s.
    expect(row.attempts[0]).toMatchObject({ attempt: 1, ok: false, statusCode: null, error: 'timeout after 2000 ms' });
    expect(row.attempts[1]).toMatchObject({ attempt: 2, ok: true, statusCode: 204 });
  }, 30_000);
});

describe('the watchdog', () => {
  let run: Running;
  let receiver: Receiver;
  const lines: any[] = [];

  beforeAll(async () => {
    receiver = await startReceiver();
    const logger = pino(
      { level: 'info' },
      new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(JSON.parse(chunk.toString()));
          done();
        },
      }),
    );
    // The production schedule gives each POST 15 s: long past the 300 ms stall limit, so only the watchdog can move on.
    run = await startSandbox(
      await createTestDatabase(),
      { APP_WEBHOOK_URL: `${receiver.url}/api/webhooks/chat`, SANDBOX_WEBHOOK_SCHEDULE: 'production' },
      { logger, webhooks: { stallMs: 300, fetch: stallingFetch('stall me') } },
    );
  });
  afterAll(async () => {
    await run?.sandbox.stop();
    await receiver?.close();
  });

  it('abandons a stuck tick, names the await it was stuck on, and a new loop delivers the rest', async () => {
    const { users } = await seedConversation(run, 'st-2');
    const sent = await run.api('POST', '/conversations/st-2/messages', { senderId: users[0], text: 'stall me' });
    const stalled = sent.json.message.id as string;
    const row = await waitFor(
      async () => (await deliveries(run, 'eventType=message.sent')).find((d) => d.messageId === stalled),
      10_000,
      'the stalled row',
    );
    // At 300 ms a merely slow tick may be abandoned too; the line that matters names the stuck answer.
    await waitFor(
      () =>
        lines.some(
          (l) =>
            l.msg === 'webhook dispatcher tick stalled; starting a new one' && l.phase === `read answer ${row.eventId}`,
        ),
      10_000,
      'the watchdog line naming the stuck answer',
    );
    await sendAndAwait(run, receiver, 'st-2', users[1], 'after the stall');
  }, 30_000);
});
