import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatProvider, ListingBudgetError } from '../../lib/chat-provider';
import { docsConversation, docsMessage } from '../../lib/chat-provider/talkjs.fixtures';
import type { VendorMessage } from '../../lib/chat-provider/types';
import { ingestVendorEvents } from '../../lib/messaging/ingest-vendor-events';
import { startHttpStub, type HttpStub, type StubRequest } from '../../test/support/http-stub';
import { messagingDatabase } from '../../test/support/messaging';
import { testConfig } from '../../test/support/monitor';
import { createMonitorMetrics } from '../metrics';
import { runAttempt } from '../scheduler/attempt';
import { CHECK_NAMES } from './index';
import { createReconciliationCheck } from './reconciliation';

// Reconciliation with the TalkJS adapter against a real HTTP server that pages like TalkJS documents
// (cursor `startingAfter` = the last item's id, `limit`, https://talkjs.com/docs/Reference/REST_API/Conversations/),
// caps pages (30 conversations, and — to prove a short page never ends a listing — 7 messages, below the 30 we
// ask for), lists conversations in creation order rather than by activity, and refuses any query parameter it
// does not document. Over > 3 pages of conversations the check must find exactly the dropped messages.

const silent = pino({ level: 'silent' });
const APP = 'tJsRecon';
let env: Awaited<ReturnType<typeof messagingDatabase>>;
let stub: HttpStub;

interface Model {
  conversations: { id: string; createdAt: number; messages: (typeof docsMessage)[] }[];
}
const model: Model = { conversations: [] };

function page<T extends { id: string }>(items: T[], request: StubRequest, cap: number) {
  const params = request.url.searchParams;
  const unknown = [...params.keys()].filter((k) => k !== 'limit' && k !== 'startingAfter');
  if (unknown.length > 0)
    return { status: 400, body: { errorCode: 'INVALID_QUERY', reasons: { [unknown[0]!]: 'unknown parameter' } } };
  const limit = Math.min(Number(params.get('limit') ?? 10), cap);
  const after = params.get('startingAfter');
  const start = after ? items.findIndex((i) => i.id === after) + 1 : 0;
  return { status: 200, body: { data: items.slice(start, start + limit) } };
}

function talkjs(request: StubRequest) {
  const path = request.url.pathname.replace(`/v1/${APP}`, '');
  if (path === '/conversations') {
    const listed = [...model.conversations].sort((a, b) => a.createdAt - b.createdAt);
    return page(
      listed.map((c) => ({
        ...docsConversation,
        id: c.id,
        createdAt: c.createdAt,
        lastMessage: c.messages[0] ?? null,
      })),
      request,
      30,
    );
  }
  const match = /^\/conversations\/([^/]+)\/messages$/.exec(path);
  const conversation = match && model.conversations.find((c) => c.id === decodeURIComponent(match[1]!));
  if (conversation) return page(conversation.messages, request, 7);
  return { status: 404, body: { errorCode: 'NOT_FOUND' } };
}

beforeAll(async () => {
  env = await messagingDatabase();
  stub = await startHttpStub(talkjs);
});
afterAll(() => stub.close());

const provider = (budget?: number) =>
  createChatProvider('talkjs', {
    appId: APP,
    apiUrl: stub.url,
    embedUrl: 'https://app.example.test/chat/talkjs',
    apiSecret: 'sk_test_rest_secret_0123456789',
    webhookSecret: 'sk_test_webhook_secret_01234',
    listRequestBudget: budget,
  });

describe('TalkJS reconciliation over more than three pages', () => {
  it('lists every message of the window with documented paging only and finds exactly the dropped ones', async () => {
    const until = Date.now() - 60_000;
    const since = until - 10 * 60_000;
    const inWindow: VendorMessage[] = [];
    // 100 conversations = 4 pages of 30. Every 3rd is active in the window with 1–20 messages (up to 3 pages
    // of 7); the others last spoke before the window. Messages are newest first, as TalkJS lists them.
    for (let c = 0; c < 100; c++) {
      const id = `conv_${c}_${randomUUID().slice(0, 8)}`;
      const messages: (typeof docsMessage)[] = [];
      const active = c % 3 === 0;
      const count = active ? 1 + (c % 20) : 2;
      messages.push({ ...docsMessage, id: `${id}_after`, conversationId: id, createdAt: until + 5_000 });
      for (let m = 0; m < count; m++) {
        const createdAt = active ? until - 1_000 - m * 20_000 : since - 60_000 - m * 1000;
        messages.push({
          ...docsMessage,
          id: `${id}_m${m}`,
          conversationId: id,
          senderId: 'user_a',
          text: `message ${m}`,
          createdAt,
        });
      }
      if (!active) messages.shift();
      messages.push({ ...docsMessage, id: `${id}_old`, conversationId: id, createdAt: since - 120_000 });
      model.conversations.push({ id, createdAt: 1_600_000_000_000 + c, messages });
      for (const m of messages)
        if (m.createdAt >= since && m.createdAt < until)
          inWindow.push({
            id: m.id,
            conversationId: id,
            senderId: 'user_a',
            text: m.text,
            createdAt: new Date(m.createdAt),
            idempotencyKey: null,
          });
    }
    expect(inWindow.length).toBeGreaterThan(90);

    const dropped = new Set(inWindow.filter((_, i) => i % 11 === 4).map((m) => m.id));
    await ingestVendorEvents(env.pool, {
      vendor: 'talkjs',
      events: inWindow
        .filter((m) => !dropped.has(m.id))
        .map((message) => ({
          kind: 'message.sent',
          eventId: `evt_${randomUUID()}`,
          type: 'message.sent',
          occurredAt: message.createdAt,
          message,
        })),
      rawBody: '{}',
      receivedAt: new Date(),
      source: 'WEBHOOK',
    });

    stub.requests.length = 0;
    const check = createReconciliationCheck({
      config: testConfig(env.url),
      db: env.db,
      pool: env.pool,
      vendor: provider(),
      metrics: createMonitorMetrics(CHECK_NAMES),
      log: silent,
    });
    const result = await runAttempt(check, {
      runId: randomUUID(),
      log: silent,
      evidenceDir: async () => '/nonexistent',
      window: { since: new Date(since), until: new Date(until) },
    });

    expect(result.details).toMatchObject({
      vendorMessages: inWindow.length,
      missing: dropped.size,
      backfilled: dropped.size,
    });
    expect(new Set(result.details.missingMessageIds as string[])).toEqual(dropped);
    const reconciled = await env.db.vendorEvent.findMany({
      where: { vendor: 'talkjs', source: 'RECONCILED' },
      select: { vendorEventId: true },
    });
    expect(reconciled.map((e) => e.vendorEventId).sort()).toEqual([...dropped].map((id) => `reconciled:${id}`).sort());

    // Paging: 4 full-or-partial conversation pages plus the empty one that ends the listing; only active
    // conversations are opened; only documented parameters are sent.
    const conversationPages = stub.requests.filter((r) => r.url.pathname.endsWith('/conversations'));
    expect(conversationPages).toHaveLength(5);
    const opened = new Set(
      stub.requests.filter((r) => r.url.pathname.endsWith('/messages')).map((r) => r.url.pathname.split('/')[4]),
    );
    expect(opened.size).toBe(34);
    for (const r of stub.requests)
      expect([...r.url.searchParams.keys()].every((k) => k === 'limit' || k === 'startingAfter')).toBe(true);
    expect(stub.requests.every((r) => r.url.searchParams.get('limit') === '30')).toBe(true);
  });

  it('stops at its request budget with our own error instead of a silently partial list', async () => {
    const listing = provider(3).listMessages({ since: new Date(0), until: new Date() });
    const drain = async () => {
      for await (const _ of listing);
    };
    await expect(drain()).rejects.toBeInstanceOf(ListingBudgetError);
  });
});
