import { decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jsonBody, startHttpStub, type HttpStub, type StubRequest } from '../../test/support/http-stub';
import { createChatProvider } from './index';
import { docsConversation, docsMessage } from './talkjs.fixtures';
import type { ChatProvider } from './types';

// Token claims follow https://talkjs.com/docs/Features/Security_Settings/Authentication/ (user)
// and https://talkjs.com/docs/Reference/REST_API/Getting_Started/Introduction/ (app).

const apiSecret = 'sk_test_rest_secret_0123456789';
const key = new TextEncoder().encode(apiSecret);
let stub: HttpStub;
let vendor: ChatProvider;

beforeAll(async () => {
  stub = await startHttpStub();
  vendor = createChatProvider('talkjs', {
    appId: 'tJsApp01',
    apiUrl: stub.url,
    embedUrl: 'https://chat.example.test/talkjs',
    apiSecret,
    webhookSecret: 'sk_test_webhook',
  });
});
afterAll(() => stub.close());
beforeEach(() => {
  stub.requests.length = 0;
});

const bearer = (request: StubRequest | undefined) => request?.headers.authorization?.replace(/^Bearer /, '') ?? '';

describe('TalkJS tokens', () => {
  it('signs the user token with tokenType "user", iss = app id, sub = user id', async () => {
    const url = new URL(await vendor.embedUrl({ conversationId: 'order_1', userId: 'user_7' }));
    expect(url.pathname).toBe('/talkjs/order_1');
    expect(vendor.embedOrigin).toBe('https://chat.example.test');
    const token = url.searchParams.get('token')!;
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'HS256', typ: 'JWT' });
    const { payload } = await jwtVerify(token, key, { issuer: 'tJsApp01', subject: 'user_7' });
    expect(payload.tokenType).toBe('user');
    expect(payload.exp! - payload.iat!).toBe(600);
  });

  it('authenticates each REST call with a fresh 30 s app token (tokenType "app", no sub)', async () => {
    stub.handle(() => ({ status: 200, body: {} }));
    await vendor.ensureUser({ id: 'u1', name: 'Ann', email: 'ann@example.test', role: 'client' });
    const { payload } = await jwtVerify(bearer(stub.requests[0]), key, { issuer: 'tJsApp01' });
    expect(payload).toMatchObject({ tokenType: 'app' });
    expect(payload.sub).toBeUndefined();
    expect(payload.exp! - payload.iat!).toBe(30);
  });
});

describe('TalkJS REST', () => {
  it('upserts users without an email address (TalkJS sends no notification emails then) and conversations', async () => {
    stub.handle(() => ({ status: 200, body: {} }));
    await vendor.ensureUser({ id: 'u 1', name: 'Ann', email: 'ann@example.test', role: 'client' });
    await vendor.ensureConversation({ conversationId: 'order_1', participantIds: ['u1', 'u2'], subject: 'Boots' });
    expect(stub.requests.map((r) => `${r.method} ${r.url.pathname}`)).toEqual([
      'PUT /v1/tJsApp01/users/u%201',
      'PUT /v1/tJsApp01/conversations/order_1',
    ]);
    expect(jsonBody(stub.requests[0])).toEqual({ name: 'Ann', email: null, role: 'client' });
    expect(jsonBody(stub.requests[1])).toEqual({ participants: ['u1', 'u2'], subject: 'Boots' });
  });

  it('sends a UserMessage array with the idempotency key, also in custom', async () => {
    stub.handle(() => ({ status: 200, body: [{ id: 'msg_new' }] }));
    const sent = await vendor.sendMessage({
      conversationId: 'order_1',
      senderId: 'u1',
      text: 'hi',
      idempotencyKey: 'fallback-1',
    });
    expect(jsonBody(stub.requests[0])).toEqual([
      {
        text: 'hi',
        sender: 'u1',
        type: 'UserMessage',
        idempotencyKey: 'fallback-1',
        custom: { idempotencyKey: 'fallback-1' },
      },
    ]);
    expect(sent).toMatchObject({
      id: 'msg_new',
      conversationId: 'order_1',
      senderId: 'u1',
      text: 'hi',
      idempotencyKey: 'fallback-1',
    });
  });

  it('lists a window: conversations with documented paging only, then active ones newest-first until older than the window', async () => {
    const since = new Date('2025-01-01T10:00:00Z').getTime();
    const until = new Date('2025-01-01T11:00:00Z').getTime();
    const msg = (id: string, at: number, extra: object = {}) => ({
      ...docsMessage,
      id,
      conversationId: 'busy',
      createdAt: at,
      ...extra,
    });
    // Page 1 is full (30): one after the window, one system message, 28 inside, newest first.
    const page1 = [msg('after', until + 1), msg('system', until - 1, { senderId: null, type: 'SystemMessage' })];
    for (let i = 0; i < 28; i++) page1.push(msg(`in${i}`, until - 1000 * (i + 2)));
    const page2 = [msg('in28', since), msg('before', since - 1), msg('older', since - 2)];
    const stale = { ...docsConversation, id: 'stale', lastMessage: { ...docsMessage, createdAt: since - 5 } };

    stub.handle((req) => {
      const after = req.url.searchParams.get('startingAfter');
      if (req.url.pathname.endsWith('/conversations'))
        return {
          status: 200,
          body: { data: after ? [] : [{ ...docsConversation, id: 'busy', lastMessage: page1[0] }, stale] },
        };
      if (req.url.pathname.endsWith('/conversations/busy/messages'))
        return { status: 200, body: { data: after ? page2 : page1 } };
      return { status: 404, body: { errorCode: 'NOT_FOUND' } };
    });

    const ids: string[] = [];
    for await (const message of vendor.listMessages({ since: new Date(since), until: new Date(until) }))
      ids.push(message.id);
    expect(ids).toHaveLength(29);
    expect(ids).not.toContain('after');
    expect(ids).not.toContain('system');
    expect(ids.at(-1)).toBe('in28');
    const [conversations, conversationsEnd, first, second, ...rest] = stub.requests;
    expect(Object.fromEntries(conversations!.url.searchParams)).toEqual({ limit: '30' });
    expect(Object.fromEntries(conversationsEnd!.url.searchParams)).toEqual({ limit: '30', startingAfter: 'stale' });
    expect(first!.url.searchParams.get('startingAfter')).toBeNull();
    expect(second!.url.searchParams.get('startingAfter')).toBe('in27');
    expect(rest).toHaveLength(0); // the stale conversation is never opened
  });

  it('maps TalkJS errors ({errorCode}) and 5xx', async () => {
    stub.handle(() => ({
      status: 400,
      body: { errorCode: 'INVALID_FIELD', reasons: { participants: 'must be a list' } },
    }));
    const ensure = () => vendor.ensureConversation({ conversationId: 'c', participantIds: [], subject: '' });
    await expect(ensure()).rejects.toMatchObject({ status: 400, retryable: false, vendorCode: 'INVALID_FIELD' });
    stub.handle(() => ({ status: 502, body: '<html>bad gateway</html>' }));
    await expect(ensure()).rejects.toMatchObject({ status: 502, retryable: true });
  });
});
