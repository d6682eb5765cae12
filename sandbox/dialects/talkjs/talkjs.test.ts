import { createHmac } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/db';
import { parseSandboxConfig } from '../../config';
import {
  API_SECRET,
  identityToken,
  startReceiver,
  testConfig,
  waitFor,
  type Receiver,
  type Running,
  startSandbox,
} from '../../test/harness';
import { talkjsSignature } from './sign';

// A TalkJS secret key is a plain string (sk_test_…/sk_live_…), not a Standard Webhooks secret.
const TALKJS_SECRET = 'sk_test_sandboxDialectSecret0123';
const APP = 'chatwatch-dev';

let run: Running;
let receiver: Receiver;

beforeAll(async () => {
  const databaseUrl = await createTestDatabase();
  receiver = await startReceiver();
  receiver.respond = () => 200;
  run = await startSandbox(databaseUrl, {
    SANDBOX_DIALECT: 'talkjs',
    VENDOR_WEBHOOK_SECRET: TALKJS_SECRET,
    APP_WEBHOOK_URL: `${receiver.url}/api/webhooks/chat`,
  });
});

afterAll(async () => {
  await run?.sandbox.stop();
  await receiver?.close();
});

/** An app-scoped REST token as TalkJS documents it: {tokenType:"app"}, iss = app id, HS256 with the secret key. */
const appToken = (claims: Record<string, unknown> = { tokenType: 'app' }, secret = API_SECRET) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(APP)
    .setExpirationTime('30s')
    .sign(new TextEncoder().encode(secret));

async function talk(method: string, path: string, body?: unknown, token?: string) {
  const response = await fetch(`${run.url}/v1/${APP}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token ?? (await appToken())}` },
    body: body === undefined ? null : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as any };
}

async function seed(conversationId: string, users: string[]) {
  for (const id of users)
    expect((await talk('PUT', `/users/${id}`, { name: id, email: null, role: 'client' })).json).toEqual({});
  expect(
    (await talk('PUT', `/conversations/${conversationId}`, { participants: users, subject: conversationId })).status,
  ).toBe(200);
}

const webhooksFor = (conversationId: string) =>
  receiver.requests
    .map((r) => ({ ...r, event: JSON.parse(r.body) as { id: string; type: string; createdAt: number; data: any } }))
    .filter((r) => (r.event.data.conversation?.id ?? r.event.data.message?.conversationId) === conversationId);

describe('TalkJS webhook signature', () => {
  it('matches vectors computed outside this code (openssl dgst -sha256 -hmac, uppercased)', () => {
    // TalkJS's docs and talkjs/talkjs-examples publish the algorithm but no vectors, so these were computed with
    // `printf '%s' "<timestamp>.<body>" | openssl dgst -sha256 -hmac <secret>`. The second is the vector the
    // product's own tests use, so both sides are pinned to the same outside computation, not to each other.
    expect(
      talkjsSignature(
        'sk_test_sandboxVectorKey42',
        '1732900000000',
        '{"id":"evt_vector","createdAt":1732900000000,"type":"message.sent","data":{}}',
      ),
    ).toBe('89C452D9646F2EABB9B7930963451DC98779DA6E63F244338D2FE334AC21A563');
    expect(
      talkjsSignature('sk_test_docsFixtureSecret0123', '1700000000000', '{"id":"evt_fixture","type":"message.sent"}'),
    ).toBe('466807AB5A8C4B3D2ADB595EEFDDBFE432AC3D3C4F75579F2FA954F2C5FC0E39');
  });
});

describe('TalkJS dialect: configuration', () => {
  it('takes a plain secret key for webhooks, which the sandbox dialect refuses', () => {
    expect(
      testConfig('postgresql://x', { SANDBOX_DIALECT: 'talkjs', VENDOR_WEBHOOK_SECRET: TALKJS_SECRET }).SANDBOX_DIALECT,
    ).toBe('talkjs');
    expect(() => testConfig('postgresql://x', { VENDOR_WEBHOOK_SECRET: TALKJS_SECRET })).toThrow(
      /VENDOR_WEBHOOK_SECRET: must be whsec_/,
    );
    expect(() => parseSandboxConfig({ SANDBOX_DIALECT: 'zendesk' })).toThrow(/SANDBOX_DIALECT/);
  });
});

describe('TalkJS dialect: REST', () => {
  it('authenticates with an app-scoped JWT or the legacy secret; refuses user tokens and others with 401 { errorCode, reasons }', async () => {
    expect((await talk('GET', '/conversations')).status).toBe(200);
    expect((await talk('GET', '/conversations', undefined, API_SECRET)).status).toBe(200);
    const userToken = await identityToken('someone');
    const refused = await talk('GET', '/conversations', undefined, userToken);
    expect(refused.status).toBe(401);
    expect(refused.json).toEqual({ errorCode: 'UNAUTHORIZED', reasons: [expect.stringContaining('tokenType')] });
    expect(
      (
        await talk(
          'GET',
          '/conversations',
          undefined,
          await appToken({ tokenType: 'app' }, 'another-secret-0123456789'),
        )
      ).status,
    ).toBe(401);
    const noRoute = await talk('GET', '/nothing-here');
    expect(noRoute).toEqual({ status: 404, json: { errorCode: 'NOT_FOUND', reasons: ['No such route'] } });
  });

  it('sends an array of messages, answers [{id}], de-duplicates by idempotencyKey and keeps custom', async () => {
    await seed('tj-send', ['tj-send-a', 'tj-send-b']);
    const body = [
      {
        text: 'hello',
        sender: 'tj-send-a',
        type: 'UserMessage',
        idempotencyKey: 'k-1',
        custom: { idempotencyKey: 'k-1' },
      },
    ];
    const first = await talk('POST', '/conversations/tj-send/messages', body);
    expect(first.status).toBe(200);
    expect(first.json).toEqual([{ id: expect.stringMatching(/^msg_/) }]);
    expect((await talk('POST', '/conversations/tj-send/messages', body)).json).toEqual(first.json);
    const listed = await talk('GET', '/conversations/tj-send/messages?limit=30');
    expect(listed.json.data).toHaveLength(1);
    expect(listed.json.data[0]).toMatchObject({
      id: first.json[0].id,
      conversationId: 'tj-send',
      senderId: 'tj-send-a',
      type: 'UserMessage',
      text: 'hello',
      custom: { idempotencyKey: 'k-1' },
      createdAt: expect.any(Number),
    });
    // type must be "UserMessage" when sender is given (REST API › Messages); 11 messages is over the documented 10.
    expect((await talk('POST', '/conversations/tj-send/messages', [{ text: 'x', sender: 'tj-send-a' }])).status).toBe(
      400,
    );
    expect((await talk('POST', '/conversations/tj-send/messages', Array(11).fill(body[0]))).status).toBe(400);
  });

  it('pages conversations newest first with limit ≤ 30 and startingAfter, each exactly once', async () => {
    await talk('PUT', '/users/tj-page-u', { name: 'u' });
    const ids = Array.from({ length: 35 }, (_, i) => `tj-page-${String(i).padStart(2, '0')}`);
    for (const id of ids) await talk('PUT', `/conversations/${id}`, { participants: ['tj-page-u'] });
    const seen: string[] = [];
    let startingAfter: string | undefined;
    let requests = 0;
    for (;;) {
      const page = await talk(
        'GET',
        `/conversations?limit=30${startingAfter ? `&startingAfter=${startingAfter}` : ''}`,
      );
      if (++requests > 10) throw new Error('the listing never reached an empty page');
      expect(page.status).toBe(200);
      expect(page.json.data.length).toBeLessThanOrEqual(30);
      if (page.json.data.length === 0) break;
      seen.push(...page.json.data.map((c: { id: string }) => c.id));
      startingAfter = page.json.data.at(-1).id;
    }
    const ours = seen.filter((id) => id.startsWith('tj-page-'));
    expect(ours).toEqual([...ids].reverse());
    expect(new Set(seen).size).toBe(seen.length);
    expect(requests).toBeGreaterThanOrEqual(3);
    expect((await talk('GET', '/conversations?limit=31')).status).toBe(400);
    expect((await talk('GET', '/conversations?startingAfter=no-such-conversation')).status).toBe(400);
  });

  it("gives each conversation its lastMessage, and pages a conversation's messages newest first", async () => {
    await seed('tj-last', ['tj-last-a', 'tj-last-b']);
    for (let i = 0; i < 12; i++)
      await talk('POST', '/conversations/tj-last/messages', [
        { text: `m${i}`, sender: 'tj-last-a', type: 'UserMessage' },
      ]);
    const first = await talk('GET', '/conversations/tj-last/messages?limit=5');
    expect(first.json.data.map((m: { text: string }) => m.text)).toEqual(['m11', 'm10', 'm9', 'm8', 'm7']);
    const next = await talk(
      'GET',
      `/conversations/tj-last/messages?limit=5&startingAfter=${first.json.data.at(-1).id}`,
    );
    expect(next.json.data.map((m: { text: string }) => m.text)).toEqual(['m6', 'm5', 'm4', 'm3', 'm2']);
    const conversations = await talk('GET', '/conversations?limit=30');
    const mine = conversations.json.data.find((c: { id: string }) => c.id === 'tj-last');
    expect(mine).toMatchObject({
      lastMessage: { text: 'm11' },
      participants: { 'tj-last-a': { access: 'ReadWrite' } },
    });
    expect((await talk('GET', '/conversations/unknown-conv/messages')).status).toBe(404);
  });
});

describe('TalkJS dialect: webhooks', () => {
  it("signs message.sent with X-TalkJS-Signature over timestamp.body, in TalkJS's envelope; no conversation.created", async () => {
    await seed('tj-wh', ['tj-wh-a', 'tj-wh-b']);
    const sent = await talk('POST', '/conversations/tj-wh/messages', [
      { text: 'ping', sender: 'tj-wh-a', type: 'UserMessage' },
    ]);
    const [delivery] = await waitFor(() => {
      const found = webhooksFor('tj-wh').filter((r) => r.event.type === 'message.sent');
      return found.length > 0 && found;
    });
    const timestamp = String(delivery!.headers['x-talkjs-timestamp']);
    // Recomputed here with node:crypto straight from the documented formula, not with the module under test.
    const expected = createHmac('sha256', TALKJS_SECRET)
      .update(`${timestamp}.${delivery!.body}`)
      .digest('hex')
      .toUpperCase();
    expect(delivery!.headers['x-talkjs-signature']).toBe(expected);
    expect(Math.abs(Number(timestamp) - Date.now())).toBeLessThan(60_000);
    expect(delivery!.headers['webhook-signature']).toBeUndefined();
    expect(delivery!.event).toMatchObject({
      id: expect.stringMatching(/^evt_/),
      type: 'message.sent',
      createdAt: expect.any(Number),
      data: {
        sender: { id: 'tj-wh-a' },
        conversation: { id: 'tj-wh' },
        message: {
          id: sent.json[0].id,
          conversationId: 'tj-wh',
          senderId: 'tj-wh-a',
          text: 'ping',
          createdAt: expect.any(Number),
        },
      },
    });
    expect(webhooksFor('tj-wh').map((r) => r.event.type)).not.toContain('conversation.created');
  });

  it('sends one message.read per message read, naming the reader as recipient', async () => {
    await seed('tj-read', ['tj-read-a', 'tj-read-b']);
    const sent = await talk('POST', '/conversations/tj-read/messages', [
      { text: 'one', sender: 'tj-read-a', type: 'UserMessage' },
      { text: 'two', sender: 'tj-read-a', type: 'UserMessage' },
    ]);
    const ids = sent.json.map((m: { id: string }) => m.id);
    const token = await identityToken('tj-read-b', { secret: API_SECRET });
    const withoutType = await fetch(`${run.url}/embed/api/tj-read/read`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ messageIds: ids }),
    });
    // TalkJS user tokens carry tokenType "user"; a token without it is refused by the TalkJS dialect's embed.
    expect(withoutType.status).toBe(403);
    const userToken = await new SignJWT({ tokenType: 'user' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(APP)
      .setSubject('tj-read-b')
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(API_SECRET));
    const read = await fetch(`${run.url}/embed/api/tj-read/read`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${userToken}` },
      body: JSON.stringify({ messageIds: ids }),
    });
    expect(read.status).toBe(200);
    const reads = await waitFor(() => {
      const found = webhooksFor('tj-read').filter((r) => r.event.type === 'message.read');
      return found.length === 2 && found;
    });
    expect(reads.map((r) => r.event.data.message.id).sort()).toEqual([...ids].sort());
    for (const r of reads) {
      expect(r.event.data.recipient).toEqual({ id: 'tj-read-b' });
      expect(r.event.data.message.readBy).toContain('tj-read-b');
    }
    expect(new Set(reads.map((r) => r.event.id)).size).toBe(2);
  });
});
