import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpStub, type HttpStub, type StubHandler } from '../../test/support/http-stub';
import { runAttempt } from '../scheduler/attempt';
import { testConfig } from '../../test/support/monitor';
import { createAppSignInCheck } from './app-sign-in';
import type { CheckDeps } from './deps';

// The check against a stub of our auth endpoints: what it sends, and whom it blames.
let stub: HttpStub;
let handler: StubHandler;
beforeAll(async () => {
  stub = await startHttpStub((request) => handler(request));
});
afterAll(() => stub.close());

const check = () =>
  createAppSignInCheck({
    config: testConfig('postgres://unused@127.0.0.1:9/x', {
      APP_URL: stub.url,
      MONITOR_SYNTHETIC_PASSWORD: 'synthetic-password',
    }),
  } as unknown as CheckDeps);
const attempt = () =>
  runAttempt(check(), { runId: 'run-1', log: pino({ level: 'silent' }), evidenceDir: async () => '/tmp' });

describe('app-sign-in check', () => {
  it('signs in and out again, observing our app as up', async () => {
    stub.requests.length = 0;
    handler = (request) =>
      request.url.pathname === '/api/auth/sign-in/email'
        ? {
            status: 200,
            body: { ok: true },
            headers: { 'set-cookie': 'chatwatch.session_token=abc; Path=/; HttpOnly' },
          }
        : { status: 200, body: { success: true } };
    const result = await attempt();
    expect(result).toMatchObject({ status: 'PASSED', observations: [{ component: 'app', passed: true }] });
    expect(stub.requests.map((r) => r.url.pathname)).toEqual(['/api/auth/sign-in/email', '/api/auth/sign-out']);
    expect(stub.requests[1]!.headers.cookie).toBe('chatwatch.session_token=abc');
  });

  it('blames our app (ours), never the chat UI, when our limiter refuses the sign-in', async () => {
    handler = () => ({ status: 429, body: { message: 'Too many failed sign-ins from your address.' } });
    const result = await attempt();
    expect(result).toMatchObject({
      status: 'FAILED',
      failedComponent: 'app',
      failedStep: 'sign-in',
      error: 'our sign-in answered 429: Too many failed sign-ins from your address.',
    });
  });
});
