import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { testClock, testContext } from '../test/support/service-context';
import { appContext, extendContext } from './context';
import type { Db } from './db/client';
import { route } from './http/route';

const silent = pino({ level: 'silent' });
// These tests never touch the database: the context only carries the client.
const noDb = {} as Db;

describe('extendContext', () => {
  it('adds fields without reading the lazy ones of its base, and an extra field replaces the base’s', () => {
    let vendorReads = 0;
    const base = {
      log: silent,
      get vendor() {
        vendorReads++;
        return 'built';
      },
    };
    const extended = extendContext(base, { jobId: '7', log: pino({ level: 'silent', name: 'job' }) });
    expect(vendorReads).toBe(0);
    expect(extended.jobId).toBe('7');
    expect(extended.log).not.toBe(silent);
    expect(extended.vendor).toBe('built');
    expect(vendorReads).toBe(1);
  });
});

describe('appContext', () => {
  it('builds no client, config or vendor until a service reads them, and reads the time from the system clock', () => {
    // An empty environment: reading db, config or vendor would throw ConfigError.
    const ctx = appContext(silent);
    expect(ctx.log).toBe(silent);
    const before = Date.now();
    const now = ctx.clock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});

describe('route', () => {
  it('hands the handler the service context with its params and request id, the lazy fields unread', async () => {
    const seen: unknown[] = [];
    const handler = route<{ id: string }>('test.route', async (_request, ctx) => {
      seen.push(ctx.params.id, ctx.requestId, ctx.clock.now() instanceof Date, typeof ctx.log.info);
      return new Response(null, { status: 204 });
    });
    const response = await handler(new Request('http://local/x'), { params: Promise.resolve({ id: 'p-1' }) });
    expect(response.status).toBe(204);
    expect(seen).toEqual(['p-1', response.headers.get('x-request-id'), true, 'function']);
  });
});

describe('testContext', () => {
  it('parses the app’s config with the test’s variables, pins the clock, and refuses a vendor it was not given', () => {
    const at = new Date('2031-05-01T12:00:00Z');
    const ctx = testContext({ db: noDb, clock: at, env: { UNREAD_EMAIL_DELAY_SECONDS: '42' } });
    expect(ctx.config.UNREAD_EMAIL_DELAY_SECONDS).toBe(42);
    expect(ctx.config.APP_URL).toBe('http://127.0.0.1:3000');
    expect(ctx.clock.now()).toEqual(at);
    expect(() => ctx.vendor).toThrow('this test context has no vendor');
  });

  it('moves a test clock only when told', () => {
    const clock = testClock(new Date('2031-05-01T12:00:00Z'));
    clock.advance(90_000);
    expect(clock.now()).toEqual(new Date('2031-05-01T12:01:30Z'));
    clock.set(new Date('2031-06-01T00:00:00Z'));
    expect(clock.now()).toEqual(new Date('2031-06-01T00:00:00Z'));
  });
});
