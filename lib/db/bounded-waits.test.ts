import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageSentEvent, messagingDatabase, signedRequest, silent, testVendor } from '../../test/support/messaging';
import { startPgFaultProxy, type PgFaultProxy } from '../../test/support/pg-fault-proxy';
import { checkHealth } from '../health/check-health';
import { route } from '../http/route';
import { receiveVendorWebhook } from '../messaging/receive-vendor-webhook';
import { createPool } from './pool';
import { poolTimeouts } from './timeouts';
import { isDatabaseUnavailable } from './unavailable';

// Every database wait on a request path is bounded: a PostgreSQL that is frozen (SIGSTOP: TCP accepted, nothing
// answered), stopped or losing backends turns into a 503 with Retry-After, never a hang and never a 500. The
// faults come from a TCP proxy in front of the test server (test/support/pg-fault-proxy.ts).

let env: Awaited<ReturnType<typeof messagingDatabase>>;
let proxy: PgFaultProxy;
const vendor = testVendor();
// The request-path pool with the production option mapping, on small values so the test is quick.
const timeouts = () =>
  poolTimeouts('request', {
    DB_CONNECT_TIMEOUT_MS: 3000,
    DB_STATEMENT_TIMEOUT_MS: 1500,
    DB_QUERY_TIMEOUT_MS: 2000,
    DB_BACKGROUND_STATEMENT_TIMEOUT_MS: 60_000,
  });

beforeAll(async () => {
  env = await messagingDatabase();
  proxy = await startPgFaultProxy(env.url);
});
afterAll(async () => {
  await proxy.close();
});

const post = (
  pool: ReturnType<typeof createPool>,
  request: Request,
  deadlineMs?: number,
  options: { startedAt?: number; requestDeadlineMs?: number } = {},
) =>
  route(
    'vendor-webhook',
    async (req, { log, startedAt }) =>
      Response.json(
        await receiveVendorWebhook(req, {
          vendor,
          db: pool,
          log,
          deadlineMs,
          startedAt: options.startedAt ?? startedAt,
        }),
      ),
    { deadlineMs: options.requestDeadlineMs ?? 120_000 },
  )(request, { params: Promise.resolve({}) });

// A pool with no bound of its own (no connect, statement or query timeout): only a request deadline ends a wait.
const UNBOUNDED = { connectionTimeoutMillis: 0, statement_timeout: 0, query_timeout: 0 };

const event = () =>
  messageSentEvent({ conversationId: 'conv-bounded', senderId: 'u-a', participants: ['u-a', 'u-b'], text: 'Hi' });

describe('bounded database waits', () => {
  it('a frozen database: the pool gives up on a query in flight and on a new connection (client-side timeouts)', async () => {
    const pool = createPool(proxy.url, 2, timeouts());
    try {
      await pool.query('SELECT 1');
      proxy.freeze();
      const inFlight = await pool.query('SELECT 1').then(
        () => null,
        (error: unknown) => error,
      );
      expect(isDatabaseUnavailable(inFlight)).toBe(true);
      const fresh = await Promise.all(
        [pool.query('SELECT 1'), pool.query('SELECT 2'), pool.query('SELECT 3')].map((q) =>
          q.then(
            () => null,
            (error: unknown) => error,
          ),
        ),
      );
      expect(fresh.every((error) => isDatabaseUnavailable(error))).toBe(true);
    } finally {
      proxy.resume();
      await pool.end();
    }
  });

  it('a frozen database: the webhook answers 503 with Retry-After, and the redelivery after it is stored once', async () => {
    const pool = createPool(proxy.url, 2, timeouts());
    try {
      expect((await post(pool, signedRequest(event()))).status).toBe(200);
      proxy.freeze();
      const e = event();
      // The webhook deadline is longer than the pool's waits here: the pool's own bounds must end the wait.
      const refused = await post(pool, signedRequest(e), 60_000);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      proxy.resume();
      const again = await post(pool, signedRequest(e));
      expect(again.status).toBe(200);
      expect(await env.db.vendorEvent.count({ where: { vendorEventId: e.id } })).toBe(1);
    } finally {
      proxy.resume();
      await pool.end();
    }
  });

  it('a stopped database and killed backends: 503, then 200 as soon as it is back', async () => {
    const pool = createPool(proxy.url, 2, timeouts());
    try {
      expect((await post(pool, signedRequest(event()))).status).toBe(200);
      proxy.kill();
      proxy.stop();
      const refused = await post(pool, signedRequest(event()));
      expect(refused.status).toBe(503);
      proxy.resume();
      expect((await post(pool, signedRequest(event()))).status).toBe(200);
    } finally {
      proxy.resume();
      await pool.end();
    }
  });

  it('/api/health answers "down" within its deadline while the database is frozen, and "ok"/"degraded" after', async () => {
    // Only the frozen call needs the short deadline: the others must see the database whatever the machine's load,
    // so they get a long one (a busy CI box once took longer than 800 ms to answer a healthy SELECT 1).
    const options = { databaseUrl: proxy.url, staleSeconds: 90, deadlineMs: 15_000 };
    expect((await checkHealth(options)).database.ok).toBe(true);
    proxy.freeze();
    try {
      const frozen = await checkHealth({ ...options, deadlineMs: 800 });
      expect(frozen).toMatchObject({ status: 'down', serving: false, database: { ok: false } });
    } finally {
      proxy.resume();
    }
    proxy.kill();
    const back = await checkHealth(options);
    expect(back.database.ok).toBe(true);
  });
});

describe('request deadlines', () => {
  it('a route answers 503 + Retry-After at its deadline, whatever its handler waits for (frozen database, unbounded pool)', async () => {
    const pool = createPool(proxy.url, 1, UNBOUNDED);
    try {
      await pool.query('SELECT 1');
      proxy.freeze();
      const handler = route(
        'any',
        async () => {
          await pool.query('SELECT 1');
          return Response.json({ ok: true });
        },
        { deadlineMs: 300 },
      );
      const response = await handler(new Request('http://x/'), { params: Promise.resolve({}) });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('unavailable');
    } finally {
      proxy.resume();
      await pool.end();
    }
  }, 20_000);

  it('the webhook deadline counts from when the request reached the route, not from when storing began', async () => {
    const pool = createPool(proxy.url, 1, UNBOUNDED);
    try {
      expect((await post(pool, signedRequest(event()))).status).toBe(200);
      proxy.freeze();
      // A request that reached the route a full deadline ago (its body read and signature check took it all):
      // no time is left to wait for storage, so it is refused (the old code waited another full deadline).
      const e = event();
      const refused = await post(pool, signedRequest(e), 60_000, { startedAt: performance.now() - 60_000 });
      expect(refused.status).toBe(503);
      proxy.resume();
      expect((await post(pool, signedRequest(e))).status).toBe(200);
      expect(await env.db.vendorEvent.count({ where: { vendorEventId: e.id } })).toBe(1);
    } finally {
      proxy.resume();
      await pool.end();
    }
  }, 20_000);
});

describe('dependency errors map to 503, never 500', () => {
  it('a raw driver error meaning "no database" (a service that did not wrap it) is a 503 with Retry-After', async () => {
    const handler = route(
      'any',
      async () => {
        throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
      },
      { deadlineMs: 60_000 },
    );
    const response = await handler(new Request('http://x/'), { params: Promise.resolve({}) });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    void silent;
  });
});
