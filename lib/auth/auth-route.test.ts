import net from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marketplaceContext } from '../../test/support/marketplace';
import { createDb } from '../db/client';
import { createAuth } from './auth';
import { authRouteHandler } from './auth-route';

// /api/auth when our database is gone: better-auth answered a bare 500, which the sign-in form showed as "Wrong email
// or password." (seen in an e2e run on a starved machine: a connection timeout). Now it throws what it did not expect
// (onAPIError.throw) and our wrapper answers 503 `unavailable` with Retry-After; its own refusals pass unchanged.

const APP_URL = 'http://app.test';
const config = { APP_URL, AUTH_SECRET: 'x'.repeat(40), CLIENT_IP_HEADER: 'x-forwarded-for', TRUSTED_PROXIES: [] };
let env: Awaited<ReturnType<typeof marketplaceContext>>;
let closedPort: number;

beforeAll(async () => {
  env = await marketplaceContext();
  // A port nothing listens on: every connection is refused at once, as when PostgreSQL is stopped.
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  closedPort = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
});
afterAll(() => env.db.$disconnect());

const signIn = (handler: (r: Request) => Promise<Response>) =>
  handler(
    new Request(`${APP_URL}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: APP_URL, 'x-forwarded-for': '203.0.113.77' },
      body: JSON.stringify({ email: 'nobody@example.test', password: 'correct horse battery' }),
    }),
  );

describe('the auth route during a database outage', () => {
  it('answers 503 unavailable with Retry-After instead of a 500', async () => {
    const down = createDb(`postgres://postgres:x@127.0.0.1:${closedPort}/none`, 1, {
      connectionTimeoutMillis: 500,
      statement_timeout: 1000,
      query_timeout: 1500,
    });
    try {
      const auth = createAuth({ db: down, config });
      await expect(signIn(auth.handler)).rejects.toThrow(); // better-auth throws what it did not expect
      const response = await signIn(authRouteHandler(auth.handler, pino({ level: 'silent' })));
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await response.json()).toMatchObject({ error: { code: 'unavailable' } });
    } finally {
      await down.$disconnect();
    }
  });

  it('passes a wrong password through as better-auth answers it (401)', async () => {
    const auth = createAuth({ db: env.db, config });
    const response = await signIn(authRouteHandler(auth.handler, pino({ level: 'silent' })));
    expect(response.status).toBe(401);
  });
});
