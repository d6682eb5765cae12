import { createHash, createHmac } from 'node:crypto';
import { StreamChat, type ChannelData, type Message, type UserResponse } from 'stream-chat';
import { z } from 'zod';
import { WebhookPayloadError, WebhookSignatureError } from './errors';
import { segment } from './http';
import { vendorErrorFromSdk } from './sdk-error';
import { bodyDigestId, parseJsonBody, payloadError, signaturesMatch } from './signing';
import { listStreamMessages } from './stream-listing';
import {
  STREAM_CHANNEL_TYPE,
  STREAM_KEY_FIELD,
  streamEnvelope,
  streamEventParsers,
  streamMessage,
  toVendorMessage,
} from './stream-schemas';
import type { ChatProvider, ChatProviderSettings, NormalizedEvent, WebhookRequest } from './types';

const USER_TOKEN_SECONDS = 10 * 60;
/** Stream's error code for "a message with this id already exists" (https://getstream.io/chat/docs/node/api_errors_response/: code 4, input error, with that message). */
const DUPLICATE_MESSAGE_CODE = 4;

/**
 * Stream Chat (https://getstream.io/chat/). Settings: appId = the app's API key, apiUrl = https://chat.stream-io-api.com
 * (or the app's regional base), apiSecret = the API secret, webhookSecret = the same API secret (Stream signs
 * webhooks with it). REST goes through the official server SDK `stream-chat` (StreamChat with `baseURL`).
 */
export function createStreamProvider(settings: ChatProviderSettings): ChatProvider {
  const client = new StreamChat(settings.appId, settings.apiSecret, {
    baseURL: settings.apiUrl.replace(/\/+$/, ''),
    timeout: settings.timeoutMs ?? 10_000,
    // No WebSocket, no presence: a server-side client only makes REST calls.
    allowServerSideConnect: false,
  });
  const embedBase = settings.embedUrl.replace(/\/+$/, '');
  const call = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw vendorErrorFromSdk(`stream ${what}`, error);
    }
  };

  return {
    name: 'stream',
    embedOrigin: new URL(settings.embedUrl).origin,

    // Our host page (app/api/chat-host/[vendor], lib/chat-provider/sdk-host) mounts Stream's browser SDK with a user
    // token made by the SDK's own `createToken` (HS256 with the API secret, claim `user_id`:
    // https://getstream.io/chat/docs/node/tokens_and_authentication/). The browser's `connectUser({ id }, token)`
    // needs the id beside the token (it must equal the token's `user_id`), so the URL carries both.
    async embedUrl({ conversationId, userId }) {
      const token = client.createToken(userId, Math.floor(Date.now() / 1000) + USER_TOKEN_SECONDS);
      return `${embedBase}/${segment(conversationId)}?user=${encodeURIComponent(userId)}&token=${encodeURIComponent(token)}`;
    },

    async parseWebhook(request) {
      return [verifyAndNormalize(settings.webhookSecret, request)];
    },

    // Stream roles are its own permission roles (`user`, `admin`, …); ours is kept as a custom field.
    async ensureUser(user) {
      await call('upsertUser', () =>
        // Custom fields are typed by module augmentation in stream-chat; we keep ours untyped here.
        client.upsertUser({ id: user.id, name: user.name, role: 'user', chatwatch_role: user.role } as UserResponse),
      );
    },

    // Server-side channel creation needs `created_by_id`; create() is get-or-create, addMembers() is idempotent.
    async ensureConversation({ conversationId, participantIds, subject }) {
      const channel = client.channel(STREAM_CHANNEL_TYPE, conversationId, {
        name: subject,
        members: participantIds,
        created_by_id: participantIds[0],
      } as ChannelData);
      await call('channel.create', () => channel.create());
      await call('channel.addMembers', () => channel.addMembers(participantIds));
    },

    // Idempotent by Stream's own rule: a message id chosen by us is unique per app, and a second send with the same
    // id is refused (code 4) instead of creating a second message; we then read the first one back.
    async sendMessage({ conversationId, senderId, text, idempotencyKey }) {
      const id = streamMessageId(idempotencyKey);
      const channel = client.channel(STREAM_CHANNEL_TYPE, conversationId);
      let raw: unknown;
      try {
        const payload = { id, text, user_id: senderId, [STREAM_KEY_FIELD]: idempotencyKey } as Message;
        raw = (await channel.sendMessage(payload)).message;
      } catch (error) {
        if ((error as { code?: unknown }).code !== DUPLICATE_MESSAGE_CODE)
          throw vendorErrorFromSdk('stream sendMessage', error);
        raw = (await call('getMessage', () => client.getMessage(id))).message;
      }
      const parsed = streamMessage.safeParse(raw);
      const message = parsed.success ? toVendorMessage(parsed.data, conversationId) : null;
      if (!message)
        throw vendorErrorFromSdk('stream sendMessage', { message: 'unexpected message shape', status: 200 });
      return message;
    },

    listMessages(window) {
      return listStreamMessages(client, window, settings.listRequestBudget);
    },

    // GET /app: the app's settings, one small authenticated request (SDK `getAppSettings`).
    async probe() {
      await call('getAppSettings', () => client.getAppSettings());
    },
  };
}

/** Stream message ids are at most 255 characters of a restricted set; a digest of our key always fits. */
export const streamMessageId = (idempotencyKey: string): string =>
  `cw-${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}`;

/**
 * https://getstream.io/chat/docs/node/webhooks_overview/ ("Signature"): X-Signature = hex HMAC-SHA256 of the raw body,
 * keyed with the API secret; X-Webhook-Id is "consistent between retries and could be used to deduplicate", so it is
 * our event id. The scheme signs no time, so there is no freshness window to check; a replay of a real delivery is
 * stored once by its X-Webhook-Id. Gzip-compressed deliveries (an app setting) are not supported: leave it off.
 * The official check is `StreamChat#verifyWebhook(body, signature)` (stream-chat dist/types/client.d.ts), which
 * our tests run beside this one.
 */
export function verifyStreamSignature(secret: string, { rawBody, headers }: WebhookRequest): string {
  const signature = headers.get('x-signature')?.trim().toLowerCase();
  if (!signature) throw new WebhookSignatureError('missing X-Signature');
  const expected = createHmac('sha256', secret).update(rawBody).digest('hex');
  if (!signaturesMatch(expected, signature)) throw new WebhookSignatureError('X-Signature does not match');
  return headers.get('x-webhook-id')?.trim() || bodyDigestId('stream', rawBody);
}

function verifyAndNormalize(secret: string, request: WebhookRequest): NormalizedEvent {
  const deliveryId = verifyStreamSignature(secret, request);
  const body = parseJsonBody(request.rawBody);
  const envelope = streamEnvelope.safeParse(body);
  if (!envelope.success) throw payloadError('stream webhook', envelope.error);
  const { type, created_at } = envelope.data;
  const base = { eventId: deliveryId, type, occurredAt: created_at ?? request.now ?? new Date() };
  if (!Object.hasOwn(streamEventParsers, type)) return { ...base, kind: 'unknown' };
  try {
    return streamEventParsers[type]!(base, body);
  } catch (error) {
    if (error instanceof z.ZodError) throw payloadError(`stream ${type} webhook`, error);
    throw new WebhookPayloadError(`stream ${type} webhook: ${(error as Error).message}`, { cause: error });
  }
}
