import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../lib/config';
import { REQUIRED_CONFIG_ENV } from '../../test/support/config-env';
import { startHttpStub, type HttpStub } from '../../test/support/http-stub';
import type { CheckDeps } from './deps';
import type { CheckContext } from './types';
import { createVendorApiCheck } from './vendor-api';

// A TalkJS app with 95 conversations, all active now: four pages of 30 (TalkJS's cursor paging), so walking the
// list costs four requests or more. The probe must cost one, whatever the size of the app.
const conversations = Array.from({ length: 95 }, (_, i) => ({
  id: `conv_${i}`,
  lastMessage: { id: `msg_${i}`, conversationId: `conv_${i}`, senderId: 'u1', text: 'hi', createdAt: Date.now() },
}));

let stub: HttpStub;
beforeAll(async () => {
  stub = await startHttpStub((request) => {
    if (request.url.pathname.endsWith('/conversations')) {
      const limit = Number(request.url.searchParams.get('limit') ?? 10);
      const after = request.url.searchParams.get('startingAfter');
      const start = after ? conversations.findIndex((c) => c.id === after) + 1 : 0;
      return { status: 200, body: { data: conversations.slice(start, start + limit) } };
    }
    return { status: 200, body: { data: [] } };
  });
});
afterAll(() => stub.close());

function runOnce(deps: Pick<CheckDeps, 'config'>) {
  const details: Record<string, unknown> = {};
  const ctx = {
    step: (_name: string, _component: string, fn: () => Promise<unknown>) => fn(),
    detail: (values: Record<string, unknown>) => Object.assign(details, values),
  } as unknown as CheckContext;
  return { details, done: createVendorApiCheck({ ...deps, log: pino({ level: 'silent' }) } as CheckDeps).run(ctx) };
}

describe('vendor API probe against TalkJS', () => {
  it('makes one GET /conversations?limit=1 however many conversations the app has', async () => {
    const config = parseConfig({
      ...REQUIRED_CONFIG_ENV,
      CHAT_VENDOR: 'talkjs',
      VENDOR_APP_ID: 'tjsApp',
      VENDOR_API_URL: stub.url,
      VENDOR_WEBHOOK_SECRET: 'sk_test_webhook_secret_0123',
    });
    stub.requests.length = 0;
    const { details, done } = runOnce({ config });
    await done;
    expect(stub.requests.map((r) => `${r.method} ${r.url.pathname}?${r.url.searchParams}`)).toEqual([
      'GET /v1/tjsApp/conversations?limit=1',
    ]);
    expect(details).toMatchObject({ status: 200, latencyMs: expect.any(Number) });
  });
});
