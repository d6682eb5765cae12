import { WebhookVerificationError, type Webhook } from 'standardwebhooks';
import { z } from 'zod';
import { VendorApiError, WebhookPayloadError, WebhookSignatureError } from './errors';
import { createVendorHttp, parseResponse, segment } from './http';
import {
  listMessagesResponse,
  sandboxEventParsers,
  sendMessageResponse,
  toVendorMessage,
  webhookEnvelope,
} from './sandbox-schemas';
import { assertFresh, parseJsonBody, payloadError, signHs256 } from './signing';
import type { ChatProvider, NormalizedEvent, ChatProviderSettings, WebhookRequest } from './types';
import { sandboxWebhook } from './webhook-secrets';

const PAGE_SIZE = 100;
const WEBHOOK_ID = /^[\x21-\x7e]{1,200}$/;
const EMBED_TOKEN_SECONDS = 10 * 60;

/**
 * Our local stand-in vendor. REST under <apiUrl>/v1/<appId> with a bearer secret; the embed is a
 * plain URL carrying an HS256 JWT; webhooks follow Standard Webhooks (https://www.standardwebhooks.com).
 */
export function createSandboxProvider(settings: ChatProviderSettings): ChatProvider {
  const http = createVendorHttp({
    vendor: 'sandbox',
    baseUrl: `${settings.apiUrl.replace(/\/+$/, '')}/v1/${segment(settings.appId)}`,
    authorization: () => `Bearer ${settings.apiSecret}`,
    timeoutMs: settings.timeoutMs,
  });
  // The same parser start-up validation uses (./webhook-secrets.ts), so a secret that passed config builds here.
  const webhook = sandboxWebhook(settings.webhookSecret);
  const embedBase = settings.embedUrl.replace(/\/+$/, '');

  return {
    name: 'sandbox',
    embedOrigin: new URL(settings.embedUrl).origin,

    async embedUrl({ conversationId, userId }) {
      const token = await signHs256({
        secret: settings.apiSecret,
        issuer: settings.appId,
        subject: userId,
        expiresInSeconds: EMBED_TOKEN_SECONDS,
      });
      // header=none: our page already shows the project title and the other party; the chat need not repeat them.
      return `${embedBase}/embed/${segment(conversationId)}?token=${encodeURIComponent(token)}&header=none`;
    },

    async parseWebhook(request) {
      return [verifyAndNormalize(webhook, request)];
    },

    async ensureUser(user) {
      await http('PUT', {
        path: `/users/${segment(user.id)}`,
        json: { name: user.name, email: user.email, role: user.role },
      });
    },

    async ensureConversation({ conversationId, participantIds, subject }) {
      await http('PUT', {
        path: `/conversations/${segment(conversationId)}`,
        json: { participants: participantIds, subject },
      });
    },

    async sendMessage({ conversationId, senderId, text, idempotencyKey }) {
      const path = `/conversations/${segment(conversationId)}/messages`;
      const { status, body } = await http('POST', { path, json: { senderId, text, idempotencyKey } });
      return toVendorMessage(parseResponse(sendMessageResponse, body, `sandbox POST ${path}`, status).message);
    },

    async *listMessages({ since, until }) {
      const seenCursors = new Set<string>();
      let cursor: string | undefined;
      do {
        const query = { since: since.toISOString(), until: until.toISOString(), limit: PAGE_SIZE, cursor };
        const { status, body } = await http('GET', { path: '/messages', query });
        const page = parseResponse(listMessagesResponse, body, 'sandbox GET /messages', status);
        for (const message of page.data) {
          // The vendor filters too; checking again keeps the [since, until) promise if it ever rounds differently.
          if (message.createdAt >= since && message.createdAt < until) yield toVendorMessage(message);
        }
        cursor = page.nextCursor ?? undefined;
        if (cursor && seenCursors.has(cursor))
          throw new VendorApiError(`sandbox GET /messages returned cursor ${cursor} twice`, status, false);
        if (cursor) seenCursors.add(cursor);
      } while (cursor);
    },
  };
}

function verifyAndNormalize(webhook: Webhook, { rawBody, headers, now = new Date() }: WebhookRequest): NormalizedEvent {
  const wanted = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;
  const values = wanted.map((name) => headers.get(name));
  if (values.some((value) => !value))
    throw new WebhookSignatureError(`missing ${wanted.filter((_, i) => !values[i]).join(', ')}`);
  // webhook-id becomes our stored event key: bounded and printable, like any identifier we index.
  if (!WEBHOOK_ID.test(values[0]!))
    throw new WebhookSignatureError('webhook-id must be 1–200 printable ASCII characters');
  // Our own check honours request.now (tests, replays); the library then checks signature and
  // timestamp again against the process clock, with the same ±5 min tolerance and a constant-time compare.
  assertFresh(new Date(Number(headers.get('webhook-timestamp')) * 1000), now);
  try {
    webhook.verify(rawBody, Object.fromEntries(headers.entries()), { jsonParse: false });
  } catch (error) {
    if (error instanceof WebhookVerificationError) throw new WebhookSignatureError(error.message, { cause: error });
    throw error;
  }

  const envelope = webhookEnvelope.safeParse(parseJsonBody(rawBody));
  if (!envelope.success) throw payloadError('sandbox webhook', envelope.error);
  const { id, type, timestamp, created_at, data } = envelope.data;
  // The spec's idempotency key is the webhook-id header (the same on every retry of one message); the body id,
  // a vendor extra, is kept beside it. When the event names no time, the signed delivery time stands in.
  const deliveredAt = new Date(Number(headers.get('webhook-timestamp')) * 1000);
  const base = {
    eventId: headers.get('webhook-id')!,
    ...(id ? { bodyId: id } : {}),
    type,
    occurredAt: timestamp ?? created_at ?? deliveredAt,
  };
  // hasOwn, not a plain lookup: a type of "constructor" must not find Object.prototype's.
  if (!Object.hasOwn(sandboxEventParsers, type)) return { ...base, kind: 'unknown' };
  try {
    return sandboxEventParsers[type]!(base, data);
  } catch (error) {
    if (error instanceof z.ZodError) throw payloadError(`sandbox ${type} webhook`, error);
    throw new WebhookPayloadError(`sandbox ${type} webhook: ${(error as Error).message}`, { cause: error });
  }
}
