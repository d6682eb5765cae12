import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUIRED_CONFIG_ENV } from '../../test/support/config-env';
import { createTestDatabase } from '../../test/support/db';
import { startPgFaultProxy, type PgFaultProxy } from '../../test/support/pg-fault-proxy';
import { createDb } from './client';
import { poolTimeouts } from './timeouts';

// A page render while PostgreSQL is stopped: the server component's query fails (bounded by the pool's
// timeouts), Next.js hands the error to instrumentation.ts `onRequestError`, and from then on proxy.ts answers
// page requests 503 + Retry-After with a "temporarily unavailable" page instead of Next.js's error page (a 500)
// — until the web process's probe reaches the database again. A real PostgreSQL behind a fault proxy; the web
// process's own pool (getPool, DATABASE_URL) goes through the same proxy.

let proxy: PgFaultProxy;
const saved = { ...process.env };
beforeAll(async () => {
  proxy = await startPgFaultProxy(await createTestDatabase());
  Object.assign(process.env, REQUIRED_CONFIG_ENV, {
    DATABASE_URL: proxy.url,
    APP_URL: 'http://127.0.0.1:3000',
    NODE_ENV: 'test',
    RETRY_AFTER_SECONDS: '7',
    DB_CONNECT_TIMEOUT_MS: '1000',
  });
});
afterAll(async () => {
  process.env = saved;
  await proxy.close();
});

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('page renders during a database outage', () => {
  it('answers 503 + Retry-After with a clear page while the database is away, and pages again once it is back', async () => {
    const { NextRequest } = await import('next/server');
    const { proxy: nextProxy } = await import('../../proxy');
    const { onRequestError } = await import('../../instrumentation');
    const page = () => nextProxy(new NextRequest('http://127.0.0.1:3000/projects', { method: 'GET' }));

    expect(page().status).toBe(200); // NextResponse.next(): the page renders

    // What a server component meets: its Prisma query on a stopped database.
    const db = createDb(proxy.url, 2, poolTimeouts('request'));
    proxy.stop();
    const started = Date.now();
    const failure = await db.project.findMany({ take: 1 }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure, 'the query failed').not.toBeNull();
    expect(Date.now() - started, 'bounded by the pool timeouts').toBeLessThan(5000);
    await onRequestError(
      failure,
      { path: '/projects', method: 'GET', headers: {} },
      {
        routerKind: 'App Router',
        routePath: '/projects',
        routeType: 'render',
        renderSource: 'react-server-components',
        revalidateReason: undefined,
      },
    );

    const refused = page();
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('7');
    expect(await refused.text()).toContain('temporarily unavailable');

    proxy.resume();
    await waitFor('pages served again', async () => page().status === 200, 60_000);
    await db.$disconnect();
  });

  it('a render error that is not a database outage leaves pages alone', async () => {
    const { NextRequest } = await import('next/server');
    const { proxy: nextProxy } = await import('../../proxy');
    const { onRequestError } = await import('../../instrumentation');
    await onRequestError(
      new TypeError('Cannot read properties of undefined'),
      { path: '/projects', method: 'GET', headers: {} },
      {
        routerKind: 'App Router',
        routePath: '/projects',
        routeType: 'render',
        renderSource: 'react-server-components',
        revalidateReason: undefined,
      },
    );
    expect(nextProxy(new NextRequest('http://127.0.0.1:3000/projects', { method: 'GET' })).status).toBe(200);
  });
});
