import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { VendorApiError, WebhookPayloadError, WebhookSignatureError } from './errors';
import { createVendorHttp, parseResponse, segment, type VendorHttp } from './http';
import { listSendbirdMessages } from './sendbird-listing';
import {
  SENDBIRD_KEY_FIELD,
  keyFromData,
  sendbirdEnvelope,
  sendbirdEventParsers,
  sendbirdMessage,
  toVendorMessage,
} from './sendbird-schemas';
import { bodyDigestId, parseJsonBody, payloadError, signaturesMatch } from './signing';
import type { ChatProvider, ChatProviderSettings, NormalizedEvent, WebhookRequest } from './types';

/** Sendbird's "unique constraint violation" error (https://sendbird.com/docs/chat/platform-api/v3/error-codes): the user or channel exists. */
const ALREADY_EXISTS = '400202';
/** How far back a send looks for an earlier message with the same key (Sendbird's largest `prev_limit`). */
const DEDUP_LOOKBACK = 200;
const sessionToken = z.object({ token: z.string().min(1) });

/**
 * Sendbird (https://sendbird.com). Settings: appId = the application id, apiUrl = https://api-<APP_ID>.sendbird.com,
 * apiSecret = the master API token (sent as `Api-Token`), webhookSecret = the same master API token (Sendbird signs
 * webhooks with it). There is no official Node server SDK for the Platform API on npm that we rely on, so REST goes
 * through our own client (./http.ts) to the documented endpoints under /v3.
 */
export function createSendbirdProvider(settings: ChatProviderSettings): ChatProvider {
  const http = createVendorHttp({
    vendor: 'sendbird',
    baseUrl: `${settings.apiUrl.replace(/\/+$/, '')}/v3`,
    authHeader: 'api-token',
    authorization: () => settings.apiSecret,
    timeoutMs: settings.timeoutMs,
  });
  const embedBase = settings.embedUrl.replace(/\/+$/, '');

  return {
    name: 'sendbird',
    embedOrigin: new URL(settings.embedUrl).origin,

    // A short-lived session token from POST /v3/users/{user_id}/token (Platform API › Users › Issue a session token),
    // which the browser SDK's `connect(userId, token)` takes in our host page (app/api/chat-host/sendbird).
    async embedUrl({ conversationId, userId }) {
      const expiresAt = Date.now() + 10 * 60 * 1000;
      const { status, body } = await http('POST', {
        path: `/users/${segment(userId)}/token`,
        json: { expires_at: expiresAt },
      });
      const { token } = parseResponse(sessionToken, body, 'sendbird POST /users/{id}/token', status);
      return `${embedBase}/${segment(conversationId)}?user=${encodeURIComponent(userId)}&token=${encodeURIComponent(token)}`;
    },

    async parseWebhook(request) {
      return verifyAndNormalize(settings.webhookSecret, request);
    },

    // POST /v3/users creates; 400202 means it exists, then PUT updates the nickname (Users › Create / Update a user).
    async ensureUser(user) {
      await createOr(http, '/users', { user_id: user.id, nickname: user.name, profile_url: '' }, () =>
        http('PUT', { path: `/users/${segment(user.id)}`, json: { nickname: user.name } }),
      );
    },

    // Our conversation id is the channel URL. An existing channel gets the members invited (idempotent for members).
    async ensureConversation({ conversationId, participantIds, subject }) {
      await createOr(
        http,
        '/group_channels',
        { channel_url: conversationId, name: subject, user_ids: participantIds, is_distinct: false },
        () =>
          http('POST', {
            path: `/group_channels/${segment(conversationId)}/invite`,
            json: { user_ids: participantIds },
          }),
      );
    },

    // Sendbird documents no idempotency key for sends, so we de-duplicate ourselves: our key goes into the message's
    // `data`, and before sending we read the channel's latest 200 messages for it. A retry (fallback replay, canary)
    // therefore finds the first send instead of posting again. Not safe against two sends of one key at the same
    // instant; our jobs run one attempt per key at a time (graphile-worker job keys).
    async sendMessage({ conversationId, senderId, text, idempotencyKey }) {
      const path = `/group_channels/${segment(conversationId)}/messages`;
      const recent = await http('GET', {
        path,
        query: { message_ts: Date.now(), prev_limit: DEDUP_LOOKBACK, next_limit: 0, include: 'true' },
      });
      const earlier = parseResponse(
        z.object({ messages: z.array(sendbirdMessage) }),
        recent.body,
        `sendbird GET ${path}`,
        recent.status,
      ).messages.find((m) => keyFromData(m.data) === idempotencyKey);
      let raw = earlier;
      if (!raw) {
        const { status, body } = await http('POST', {
          path,
          json: {
            message_type: 'MESG',
            user_id: senderId,
            message: text,
            data: JSON.stringify({ [SENDBIRD_KEY_FIELD]: idempotencyKey }),
          },
        });
        raw = parseResponse(sendbirdMessage, body, `sendbird POST ${path}`, status);
      }
      const message = toVendorMessage(raw, conversationId);
      if (!message) throw new VendorApiError(`sendbird POST ${path}: the message has no sender`, 200, false);
      return message;
    },

    listMessages(window) {
      return listSendbirdMessages(http, window, settings.listRequestBudget);
    },

    // GET /v3/users?limit=1: the smallest authenticated list there is.
    async probe() {
      await http('GET', { path: '/users', query: { limit: 1 } });
    },
  };
}

async function createOr(http: VendorHttp, path: string, json: unknown, exists: () => Promise<unknown>): Promise<void> {
  try {
    await http('POST', { path, json });
  } catch (error) {
    if (error instanceof VendorApiError && error.status === 400 && error.vendorCode === ALREADY_EXISTS) {
      await exists();
      return;
    }
    throw error;
  }
}

/**
 * https://sendbird.com/docs/chat/platform-api/v3/webhook/webhook-overview ("Headers" › x-sendbird-signature):
 * the value is the hex HMAC-SHA256 of the raw request body, keyed with the master API token. Sendbird publishes no
 * signing helper (neither `@sendbird/chat`, a client SDK, nor any server library of theirs on npm has one) and no test
 * vector, so our tests follow the documented algorithm with Node's crypto on the signing side. The scheme signs no
 * time and sends no delivery id: the event id is the SHA-256 of the signed body (a retry resends the same bytes).
 */
export function verifySendbirdSignature(secret: string, { rawBody, headers }: WebhookRequest): string {
  const signature = headers.get('x-sendbird-signature')?.trim().toLowerCase();
  if (!signature) throw new WebhookSignatureError('missing x-sendbird-signature');
  const expected = createHmac('sha256', secret).update(rawBody).digest('hex');
  if (!signaturesMatch(expected, signature)) throw new WebhookSignatureError('x-sendbird-signature does not match');
  return bodyDigestId('sendbird', rawBody);
}

function verifyAndNormalize(secret: string, request: WebhookRequest): NormalizedEvent[] {
  const eventId = verifySendbirdSignature(secret, request);
  const body = parseJsonBody(request.rawBody);
  const envelope = sendbirdEnvelope.safeParse(body);
  if (!envelope.success) throw payloadError('sendbird webhook', envelope.error);
  const type = envelope.data.category;
  const base = { eventId, type, occurredAt: request.now ?? new Date() };
  if (!Object.hasOwn(sendbirdEventParsers, type)) return [{ ...base, kind: 'unknown' }];
  try {
    return sendbirdEventParsers[type]!(base, body);
  } catch (error) {
    if (error instanceof z.ZodError) throw payloadError(`sendbird ${type} webhook`, error);
    throw new WebhookPayloadError(`sendbird ${type} webhook: ${(error as Error).message}`, { cause: error });
  }
}
