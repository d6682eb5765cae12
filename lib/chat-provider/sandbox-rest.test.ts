import { jwtVerify } from 'jose';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jsonBody, startHttpStub, type HttpStub } from '../../test/support/http-stub';
import { VendorApiError } from './errors';
import { createChatProvider } from './index';
import type { ChatProvider, VendorMessage } from './types';

const apiSecret = 'sk_sandbox_test_secret_0123456789';
let stub: HttpStub;
let vendor: ChatProvider;

beforeAll(async () => {
  stub = await startHttpStub();
  vendor = createChatProvider('sandbox', {
    appId: 'app 1',
    apiUrl: `${stub.url}/`,
    embedUrl: 'http://127.0.0.1:4101/',
    apiSecret,
    webhookSecret: 'whsec_dGVzdHRlc3R0ZXN0dGVzdHRlc3Q=',
    timeoutMs: 300,
  });
});
afterAll(() => stub.close());
beforeEach(() => {
  stub.requests.length = 0;
});

const wire = (id: string, createdAt: string, idempotencyKey: string | null = null) => ({
  id,
  conversationId: 'c1',
  senderId: 'u1',
  text: `text ${id}`,
  createdAt,
  idempotencyKey,
  readBy: [],
});

async function collect(iterable: AsyncIterable<VendorMessage>): Promise<VendorMessage[]> {
  const out: VendorMessage[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('sandbox embed URL', () => {
  it('carries a short-lived HS256 JWT with iss = app id and sub = user id', async () => {
    const url = new URL(await vendor.embedUrl({ conversationId: 'conv/1', userId: 'user_7' }));
    expect(url.origin).toBe(vendor.embedOrigin);
    expect(url.pathname).toBe('/embed/conv%2F1');
    // Our page names the project and the other party; the embed does not repeat them.
    expect(url.searchParams.get('header')).toBe('none');
    const { payload, protectedHeader } = await jwtVerify(
      url.searchParams.get('token')!,
      new TextEncoder().encode(apiSecret),
      { issuer: 'app 1', subject: 'user_7' },
    );
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload.exp! - payload.iat!).toBe(600);
  });
});

describe('sandbox REST', () => {
  it('upserts users and conversations under /v1/<appId> with the bearer secret', async () => {
    stub.handle(() => ({ status: 200, body: {} }));
    await vendor.ensureUser({ id: 'u 1', name: 'Ann', email: 'ann@example.test', role: 'client' });
    await vendor.ensureConversation({ conversationId: 'c1', participantIds: ['u1', 'u2'], subject: 'Kitchen' });
    const [user, conversation] = stub.requests;
    expect(user).toMatchObject({
      method: 'PUT',
      url: expect.objectContaining({ pathname: '/v1/app%201/users/u%201' }),
    });
    expect(user!.headers.authorization).toBe(`Bearer ${apiSecret}`);
    expect(jsonBody(user)).toEqual({ name: 'Ann', email: 'ann@example.test', role: 'client' });
    expect(conversation!.url.pathname).toBe('/v1/app%201/conversations/c1');
    expect(jsonBody(conversation)).toEqual({ participants: ['u1', 'u2'], subject: 'Kitchen' });
  });

  it('sends the idempotency key and returns the stored message (201 new, 200 existing)', async () => {
    // A vendor that stores the first message per key and answers any repeat with the stored one.
    const stored = new Map<string, ReturnType<typeof wire>>();
    stub.handle((req) => {
      const body = jsonBody(req) as { senderId: string; text: string; idempotencyKey: string };
      const existing = stored.get(body.idempotencyKey);
      if (existing) return { status: 200, body: { message: existing } };
      const message = {
        ...wire(`m${stored.size + 1}`, '2025-01-01T00:00:00Z', body.idempotencyKey),
        senderId: body.senderId,
        text: body.text,
      };
      stored.set(body.idempotencyKey, message);
      return { status: 201, body: { message } };
    });
    const first = await vendor.sendMessage({
      conversationId: 'c1',
      senderId: 'u1',
      text: 'hi',
      idempotencyKey: 'key-1',
    });
    // The retry carries other text (say, edited before the retry): what comes back is what the vendor stored.
    const second = await vendor.sendMessage({
      conversationId: 'c1',
      senderId: 'u1',
      text: 'hi again',
      idempotencyKey: 'key-1',
    });
    expect(jsonBody(stub.requests[0])).toEqual({ senderId: 'u1', text: 'hi', idempotencyKey: 'key-1' });
    expect(jsonBody(stub.requests[1])).toEqual({ senderId: 'u1', text: 'hi again', idempotencyKey: 'key-1' });
    expect(stub.requests[0]!.url.pathname).toBe('/v1/app%201/conversations/c1/messages');
    expect(first).toEqual({
      id: 'm1',
      conversationId: 'c1',
      senderId: 'u1',
      text: 'hi',
      createdAt: new Date('2025-01-01T00:00:00Z'),
      idempotencyKey: 'key-1',
    });
    expect(second).toEqual(first);
  });

  it('follows cursors across pages and keeps only [since, until)', async () => {
    const pages: Record<string, unknown> = {
      start: { data: [wire('m1', '2025-01-01T10:00:00Z'), wire('m2', '2025-01-01T10:30:00Z')], nextCursor: 'p2' },
      p2: { data: [wire('m3', '2025-01-01T10:59:59.999Z'), wire('late', '2025-01-01T11:00:00Z')], nextCursor: 'p3' },
      p3: { data: [wire('early', '2025-01-01T09:59:59Z')], nextCursor: null },
    };
    stub.handle((req) => ({ status: 200, body: pages[req.url.searchParams.get('cursor') ?? 'start'] }));
    const since = new Date('2025-01-01T10:00:00Z');
    const until = new Date('2025-01-01T11:00:00Z');
    const ids = (await collect(vendor.listMessages({ since, until }))).map((m) => m.id);
    expect(ids).toEqual(['m1', 'm2', 'm3']);
    expect(stub.requests.map((r) => r.url.searchParams.get('cursor'))).toEqual([null, 'p2', 'p3']);
    expect(Object.fromEntries(stub.requests[0]!.url.searchParams)).toEqual({
      since: since.toISOString(),
      until: until.toISOString(),
      limit: '100',
    });
  });

  it('stops with an error when the vendor repeats a cursor', async () => {
    stub.handle(() => ({ status: 200, body: { data: [], nextCursor: 'same' } }));
    const window = { since: new Date(0), until: new Date() };
    await expect(collect(vendor.listMessages(window))).rejects.toThrow(/cursor same twice/);
  });
});

describe('sandbox error mapping', () => {
  const attempt = () => vendor.ensureUser({ id: 'u1', name: 'A', email: 'a@example.test', role: 'client' });
  const caught = async () =>
    attempt().then(
      () => expect.fail('expected a VendorApiError'),
      (error: unknown) => error as VendorApiError,
    );

  it('maps 503 to a retryable error with the vendor code', async () => {
    stub.handle(() => ({ status: 503, body: { error: { code: 'unavailable', message: 'sandbox is down' } } }));
    const error = await caught();
    expect(error).toBeInstanceOf(VendorApiError);
    expect(error).toMatchObject({ status: 503, retryable: true, vendorCode: 'unavailable' });
    expect(error.message).toContain('sandbox is down');
    expect(error.message).not.toContain(apiSecret);
  });

  it('maps 429 to retryable and keeps Retry-After', async () => {
    stub.handle(() => ({
      status: 429,
      body: { error: { code: 'rate_limited', message: 'slow down' } },
      headers: { 'retry-after': '3' },
    }));
    expect(await caught()).toMatchObject({ status: 429, retryable: true, retryAfterMs: 3000 });
  });

  it('maps 400 to a non-retryable error', async () => {
    stub.handle(() => ({ status: 400, body: { error: { code: 'invalid_request', message: 'email is required' } } }));
    expect(await caught()).toMatchObject({ status: 400, retryable: false, vendorCode: 'invalid_request' });
  });

  it('maps a timeout to a retryable error without a status, whose logged form holds no secret', async () => {
    stub.handle(() => ({ status: 200, body: {}, delayMs: 1000 }));
    const error = await caught();
    expect(error).toMatchObject({ status: null, retryable: true, vendorCode: 'ETIMEDOUT' });
    for (const logged of [error, error.cause as Error])
      expect(JSON.stringify(pino.stdSerializers.err(logged))).not.toContain(apiSecret);
  });

  it('maps a refused connection to a retryable error', async () => {
    const closed = await startHttpStub();
    await closed.close();
    const down = createChatProvider('sandbox', {
      appId: 'a',
      apiUrl: closed.url,
      embedUrl: closed.url,
      apiSecret,
      webhookSecret: 'whsec_dGVzdHRlc3R0ZXN0dGVzdHRlc3Q=',
    });
    await expect(
      down.ensureConversation({ conversationId: 'c', participantIds: [], subject: '' }),
    ).rejects.toMatchObject({ status: null, retryable: true, vendorCode: 'ECONNREFUSED' });
  });

  it('treats a success with an unexpected shape as a non-retryable contract break', async () => {
    stub.handle(() => ({ status: 201, body: { msg: {} } }));
    await expect(
      vendor.sendMessage({ conversationId: 'c1', senderId: 'u1', text: 'x', idempotencyKey: 'k' }),
    ).rejects.toMatchObject({ retryable: false, status: 201 });
  });
});
