import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/db';
import { parseDuration, parseStartArgs } from '../cli/fault';
import {
  API_SECRET,
  identityToken,
  SENDGRID_KEY,
  seedConversation,
  startReceiver,
  startSandbox,
  OUTCOME_WAIT_MS,
  waitFor,
  type Receiver,
  type Running,
} from '../test/harness';

let databaseUrl: string;
let run: Running;
let receiver: Receiver;
let users: [string, string];

beforeAll(async () => {
  databaseUrl = await createTestDatabase();
  receiver = await startReceiver();
  run = await startSandbox(databaseUrl, {
    APP_WEBHOOK_URL: `${receiver.url}/hooks`,
    SENDGRID_EVENT_WEBHOOK_URL: `${receiver.url}/sendgrid`,
  });
  ({ users } = await seedConversation(run, 'flt'));
});

afterAll(async () => {
  await run?.sandbox.stop();
  await receiver?.close();
});

afterEach(async () => {
  await run.call('DELETE', '/admin/faults');
});

const startFault = async (body: Record<string, unknown>) => {
  const r = await run.call('POST', '/admin/faults', body);
  expect(r.status).toBe(201);
  return r.json.fault as { id: string; mode: string; endsAt: string | null };
};
const send = async (text: string) =>
  (await run.api('POST', '/conversations/flt/messages', { senderId: users[0], text })).json.message as { id: string };
const sentEvents = () =>
  receiver.requests
    .filter((r) => r.path === '/hooks')
    .map((r) => ({ at: r.at, id: r.headers['webhook-id'], event: JSON.parse(r.body) }))
    .filter((r) => r.event.type === 'message.sent');
const receivedFor = (messageId: string) => sentEvents().filter((r) => r.event.data.message.id === messageId);
const delivery = async (messageId: string) =>
  ((await run.call('GET', '/admin/api/deliveries?eventType=message.sent')).json.data as any[]).find(
    (d) => d.messageId === messageId,
  );
/** The delivery once the sandbox has recorded its outcome: the receiver sees a request before the sender logs the answer. */
const settledDelivery = (messageId: string) =>
  waitFor(
    async () => {
      const found = await delivery(messageId);
      return found && found.status !== 'pending' ? found : undefined;
    },
    OUTCOME_WAIT_MS,
    `the outcome of ${messageId}'s delivery`,
  );
const listMessages = () => run.api('GET', '/conversations/flt/messages?limit=1');
const mail = () =>
  fetch(`${run.url}/v3/mail/send`, {
    method: 'POST',
    headers: { authorization: `Bearer ${SENDGRID_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      personalizations: [{ to: [{ email: 'a@example.test' }] }],
      from: { email: 'b@example.test' },
      subject: 's',
      content: [{ type: 'text/plain', value: 'x' }],
    }),
  });

describe('the fault API', () => {
  it('validates, lists active and history, and ends faults', async () => {
    expect((await run.call('POST', '/admin/faults', { mode: 'everything-down' })).status).toBe(400);
    expect((await run.call('POST', '/admin/faults', { mode: 'api-down', probability: 2 })).status).toBe(400);
    expect((await run.call('POST', '/admin/faults', 'nope')).status).toBe(400);

    const created = await run.call('POST', '/admin/faults', { mode: 'ui-slow', durationMs: 60_000, probability: 0.5 });
    expect(created.json.fault).toEqual({
      id: expect.stringMatching(/^flt_/),
      mode: 'ui-slow',
      startedAt: expect.any(String),
      endsAt: expect.any(String),
      endedAt: null,
      probability: 0.5,
      delayMs: 10_000,
    });
    expect(Date.parse(created.json.fault.endsAt) - Date.parse(created.json.fault.startedAt)).toBe(60_000);
    const other = await startFault({ mode: 'mail-429' });
    expect(other.endsAt).toBeNull();

    let list = await run.call('GET', '/admin/faults');
    expect(list.json.active.map((f: any) => f.mode).sort()).toEqual(['mail-429', 'ui-slow']);

    expect((await run.call('DELETE', `/admin/faults/${other.id}`)).json).toEqual({ ended: 1 });
    expect((await run.call('DELETE', `/admin/faults/${other.id}`)).status).toBe(404);
    expect((await run.call('DELETE', '/admin/faults')).json).toEqual({ ended: 1 });
    list = await run.call('GET', '/admin/faults');
    expect(list.json.active).toEqual([]);
    const ended = list.json.history.find((f: any) => f.id === other.id);
    expect(Date.parse(ended.endedAt)).toBeGreaterThanOrEqual(Date.parse(ended.startedAt));

    const html = await fetch(`${run.url}/admin/faults`, { headers: { accept: 'text/html' } });
    expect(await html.text()).toContain('mail-429');
  });

  it('expires a fault after durationMs and records when it ended', async () => {
    const fault = await startFault({ mode: 'api-down', durationMs: 1000 });
    const first = await listMessages();
    // An answer received before endsAt was given while the fault was active, so it must be a 503. On a busy machine
    // the first request may only be answered after endsAt; then either status is right and it says nothing.
    if (Date.now() < Date.parse(fault.endsAt!)) expect(first.status).toBe(503);
    await waitFor(
      async () => (await listMessages()).status === 200,
      OUTCOME_WAIT_MS,
      'the API back after the fault expired',
    );
    const { history } = (await run.call('GET', '/admin/faults')).json;
    expect(history.find((f: any) => f.id === fault.id).endedAt).toBe(fault.endsAt);
  });

  it('a listing waits for an expiry still being written, so an expired fault never shows as never ended', async () => {
    const fault = await startFault({ mode: 'api-down', durationMs: 300 });
    const holder = new pg.Client({ connectionString: databaseUrl });
    const watcher = new pg.Client({ connectionString: databaseUrl });
    await Promise.all([holder.connect(), watcher.connect()]);
    try {
      // Hold the fault's row: the sweeper's write of its end (every 250 ms) waits on the lock, as it would behind
      // a slow database, after it has already taken the fault out of the active set.
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM sandbox.faults WHERE id = $1 FOR UPDATE', [fault.id]);
      await waitFor(
        async () =>
          (
            await watcher.query(
              `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE sandbox.faults SET ended_at = ends_at%'`,
            )
          ).rowCount! > 0,
        OUTCOME_WAIT_MS,
        "the sweeper's write waiting on the row",
      );
      const listing = run.call('GET', '/admin/faults');
      await holder.query('COMMIT');
      const { history } = (await listing).json;
      expect(history.find((f: any) => f.id === fault.id).endedAt).toBe(fault.endsAt);
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      await Promise.all([holder.end(), watcher.end()]);
    }
  });

  it('applies a fault with probability 0 to nothing', async () => {
    await startFault({ mode: 'api-down', probability: 0 });
    for (let i = 0; i < 5; i++) expect((await listMessages()).status).toBe(200);
  });

  it('keeps faults across a restart', async () => {
    await startFault({ mode: 'api-down' });
    await run.sandbox.stop();
    run = await startSandbox(databaseUrl, {
      APP_WEBHOOK_URL: `${receiver.url}/hooks`,
      SENDGRID_EVENT_WEBHOOK_URL: `${receiver.url}/sendgrid`,
    });
    expect((await listMessages()).status).toBe(503);
    await run.call('DELETE', '/admin/faults');
    expect((await listMessages()).status).toBe(200);
  });
});

describe('API and UI faults', () => {
  it('api-down answers 503 JSON until cleared', async () => {
    await startFault({ mode: 'api-down' });
    const down = await listMessages();
    expect(down.status).toBe(503);
    expect(down.json.error.code).toBe('service_unavailable');
    await run.call('DELETE', '/admin/faults');
    expect((await listMessages()).status).toBe(200);
  });

  it('api-429 answers 429 too_many_requests with Retry-After in whole seconds until cleared', async () => {
    await startFault({ mode: 'api-429', delayMs: 2_500 });
    const limited = await fetch(`${run.url}/v1/${run.config.VENDOR_APP_ID}/conversations/flt/messages?limit=1`, {
      headers: { authorization: `Bearer ${API_SECRET}` },
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('too_many_requests');
    await run.call('DELETE', '/admin/faults');
    expect((await listMessages()).status).toBe(200);
  });

  it('api-slow delays REST calls by delayMs', async () => {
    await startFault({ mode: 'api-slow', delayMs: 1200 });
    const t = performance.now();
    expect((await listMessages()).status).toBe(200);
    expect(performance.now() - t).toBeGreaterThanOrEqual(1190);
    await run.call('DELETE', '/admin/faults');
    // Cleared, a fault that would hold every call for ten minutes no longer applies: the call answers (it would
    // otherwise outlast the test's own timeout). No wall-clock budget on a busy machine.
    await startFault({ mode: 'api-slow', delayMs: 600_000 });
    await run.call('DELETE', '/admin/faults');
    expect((await listMessages()).status).toBe(200);
  });

  it('ui-down answers the embed with 503; ui-slow delays it', async () => {
    const url = `${run.url}/embed/flt?token=${await identityToken(users[0])}`;
    expect((await fetch(url)).status).toBe(200);
    await startFault({ mode: 'ui-down' });
    const down = await fetch(url);
    expect(down.status).toBe(503);
    expect(down.headers.get('content-type')).toContain('text/html');
    expect(down.headers.get('content-security-policy')).toContain(`frame-ancestors ${run.config.APP_ORIGIN}`);
    await run.call('DELETE', '/admin/faults');
    await startFault({ mode: 'ui-slow', delayMs: 400 });
    const t = performance.now();
    expect((await fetch(url)).status).toBe(200);
    expect(performance.now() - t).toBeGreaterThanOrEqual(390);
  });

  it('ui-broken serves a build whose script throws before the composer renders', async () => {
    const url = `${run.url}/embed/flt?token=${await identityToken(users[0])}`;
    expect(await (await fetch(url)).text()).toContain('/embed/assets/chat.stable.js');
    await startFault({ mode: 'ui-broken' });
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/embed/assets/chat.broken.js');
    const script = await (await fetch(`${run.url}/embed/assets/chat.broken.js`)).text();
    expect(script).toContain("var BUILD = 'broken'");
    await run.call('DELETE', '/admin/faults');
    expect(await (await fetch(url)).text()).toContain('/embed/assets/chat.stable.js');
  });

  it('mail-429 and mail-5xx make the mail API fail until cleared', async () => {
    expect((await mail()).status).toBe(202);
    await startFault({ mode: 'mail-429' });
    const limited = await mail();
    expect(limited.status).toBe(429);
    // As SendGrid: the rate-limit headers, with the reset as Unix seconds, and no Retry-After.
    expect(limited.headers.get('retry-after')).toBeNull();
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(limited.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    expect((await limited.json()).errors[0].message).toBeTruthy();
    await run.call('DELETE', '/admin/faults');
    await startFault({ mode: 'mail-5xx' });
    expect((await mail()).status).toBe(500);
    await run.call('DELETE', '/admin/faults');
    expect((await mail()).status).toBe(202);
  });
});

describe('webhook faults', () => {
  it('webhooks-drop never delivers, records dropped: true, and clearing restores delivery', async () => {
    await startFault({ mode: 'webhooks-drop' });
    const dropped = await send('into the void');
    // The sandbox records its decision; the later message's delivery then shows the dropped one never went out.
    expect(await settledDelivery(dropped.id)).toMatchObject({ status: 'dropped', dropped: true, attempts: [] });
    await run.call('DELETE', '/admin/faults');
    const kept = await send('back again');
    await waitFor(() => receivedFor(kept.id).length === 1, OUTCOME_WAIT_MS, 'delivery after clearing');
    expect(receivedFor(dropped.id)).toHaveLength(0);
    expect(await settledDelivery(kept.id)).toMatchObject({ status: 'delivered', dropped: false });
  });

  it('webhooks-duplicate delivers each event twice with the same webhook-id', async () => {
    await startFault({ mode: 'webhooks-duplicate' });
    const m = await send('twice');
    const got = await waitFor(
      () => (receivedFor(m.id).length === 2 ? receivedFor(m.id) : undefined),
      OUTCOME_WAIT_MS,
      'two deliveries',
    );
    expect(got[0]!.id).toBe(got[1]!.id);
    expect(await settledDelivery(m.id)).toMatchObject({ status: 'delivered', duplicated: true, attemptCount: 2 });
    await run.call('DELETE', '/admin/faults');
    const once = await send('once');
    await waitFor(() => receivedFor(once.id).length === 1, OUTCOME_WAIT_MS, 'one delivery');
    // Its recorded delivery is one attempt, not duplicated; a later message arriving shows no second copy came.
    expect(await settledDelivery(once.id)).toMatchObject({ status: 'delivered', duplicated: false, attemptCount: 1 });
    const marker = await send('marker');
    await waitFor(() => receivedFor(marker.id).length === 1, OUTCOME_WAIT_MS, 'the marker delivery');
    expect(receivedFor(once.id)).toHaveLength(1);
  });

  it('webhooks-delay postpones the first attempt by delayMs', async () => {
    await startFault({ mode: 'webhooks-delay', delayMs: 1500 });
    const sentAt = Date.now();
    const m = await send('later');
    // The first arrival itself shows the delay: nothing came before sentAt + delayMs.
    const [got] = await waitFor(
      () => (receivedFor(m.id).length ? receivedFor(m.id) : undefined),
      OUTCOME_WAIT_MS,
      'the delayed delivery',
    );
    expect(got!.at - sentAt).toBeGreaterThanOrEqual(1500);
    expect(await settledDelivery(m.id)).toMatchObject({ delayedMs: 1500, status: 'delivered' });
    await run.call('DELETE', '/admin/faults');
    const now = await send('now');
    await waitFor(() => receivedFor(now.id).length === 1, OUTCOME_WAIT_MS, 'the delivery after clearing');
    expect(await settledDelivery(now.id)).toMatchObject({ delayedMs: null, status: 'delivered' });
  });

  it('webhooks-reorder holds a batch and delivers it in reverse order', async () => {
    // The batch's window (from its first event) must outlast the three sends, however slow the machine: 5 s.
    await startFault({ mode: 'webhooks-reorder', delayMs: 5000 });
    const sent = [await send('one'), await send('two'), await send('three')];
    const ids = sent.map((m) => m.id);
    const got = await waitFor(
      () => {
        const seen = sentEvents().filter((r) => ids.includes(r.event.data.message.id));
        return seen.length === 3 ? seen : undefined;
      },
      OUTCOME_WAIT_MS,
      'the reordered batch',
    );
    expect(got.map((r) => r.event.data.message.id)).toEqual([...ids].reverse());
    for (const id of ids) expect((await delivery(id)).heldByFaultId).toMatch(/^flt_/);
    await run.call('DELETE', '/admin/faults');
    const after = [await send('four'), await send('five')].map((m) => m.id);
    const inOrder = await waitFor(() => {
      const seen = sentEvents().filter((r) => after.includes(r.event.data.message.id));
      return seen.length === 2 ? seen : undefined;
    }, OUTCOME_WAIT_MS);
    expect(inOrder.map((r) => r.event.data.message.id)).toEqual(after);
  });

  it('webhooks-reorder releases what it holds when the fault is cleared', async () => {
    await startFault({ mode: 'webhooks-reorder', delayMs: 60_000 });
    const ids = [(await send('a')).id, (await send('b')).id];
    // Both recorded as held by the fault before it is cleared.
    for (const id of ids)
      await waitFor(async () => (await delivery(id))?.status === 'held', OUTCOME_WAIT_MS, `${id} held`);
    expect(ids.flatMap(receivedFor)).toHaveLength(0);
    await run.call('DELETE', '/admin/faults');
    const got = await waitFor(() => {
      const seen = sentEvents().filter((r) => ids.includes(r.event.data.message.id));
      return seen.length === 2 ? seen : undefined;
    }, OUTCOME_WAIT_MS);
    expect(got.map((r) => r.event.data.message.id)).toEqual([...ids].reverse());
  });
});

// A bound on one CLI process (tsx compiling it, one request, exit). It only costs time when the CLI hangs; starting
// tsx took over 20 s on this two-core machine under a load average of 30.
const CLI_BOUND_MS = 60_000;

describe('the CLI', () => {
  it('parses durations and options', () => {
    expect(parseDuration('60s')).toBe(60_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('250')).toBe(250);
    expect(() => parseDuration('soon')).toThrow();
    expect(parseStartArgs(['api-slow', '--duration', '60s', '--probability', '0.3', '--delay', '5s'])).toEqual({
      mode: 'api-slow',
      durationMs: 60_000,
      probability: 0.3,
      delayMs: 5000,
    });
    expect(() => parseStartArgs(['nope'])).toThrow(/unknown mode/);
    expect(() => parseStartArgs(['api-down', '--probability', '3'])).toThrow();
  });

  it(
    'starts, lists and clears faults over HTTP',
    async () => {
      const tsx = path.resolve('node_modules/.bin/tsx');
      const cli = path.resolve('sandbox/cli/fault.ts');
      const exec = promisify(execFile);
      const env = { ...process.env, SANDBOX_PUBLIC_URL: run.url };
      const started = await exec(tsx, [cli, 'api-down', '--duration', '60s'], { env, timeout: CLI_BOUND_MS });
      expect(JSON.parse(started.stdout).fault).toMatchObject({ mode: 'api-down', probability: 1 });
      expect((await listMessages()).status).toBe(503);
      const listed = await exec(tsx, [cli, 'list'], { env, timeout: CLI_BOUND_MS });
      expect(JSON.parse(listed.stdout).active).toHaveLength(1);
      const cleared = await exec(tsx, [cli, 'clear'], { env, timeout: CLI_BOUND_MS });
      expect(JSON.parse(cleared.stdout)).toEqual({ ended: 1 });
      expect((await listMessages()).status).toBe(200);
      // Three CLI processes, each bounded: the test's own bound covers all three.
    },
    3 * CLI_BOUND_MS + 10_000,
  );
});
