import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { WebhookPayloadError, WebhookSignatureError } from './errors';
import { createVendorHttp, parseResponse, segment } from './http';
import { listTalkJsMessages } from './talkjs-listing';
import { assertFresh, parseJsonBody, payloadError, signHs256 } from './signing';
import {
  IDEMPOTENCY_CUSTOM_FIELD,
  listResponse,
  sendMessagesResponse,
  talkjsConversation,
  talkjsEventParsers,
  webhookEnvelope,
} from './talkjs-schemas';
import type { ChatProvider, NormalizedEvent, ChatProviderSettings, WebhookRequest } from './types';

const USER_TOKEN_SECONDS = 10 * 60;
// "Your server should generate a new token for each REST API request … an extremely short expiry time":
// https://talkjs.com/docs/Reference/REST_API/Getting_Started/Introduction/ (their example uses 30 s).
const APP_TOKEN_SECONDS = 30;

/**
 * TalkJS (https://talkjs.com). Settings: appId = TalkJS app id, apiUrl = https://api.talkjs.com,
 * apiSecret = the secret key, webhookSecret = the secret key marked "use for webhooks".
 */
export function createTalkJsProvider(settings: ChatProviderSettings): ChatProvider {
  const http = createVendorHttp({
    vendor: 'talkjs',
    baseUrl: `${settings.apiUrl.replace(/\/+$/, '')}/v1/${segment(settings.appId)}`,
    // App-scoped token: {tokenType:"app"}, iss = app id, HS256 with the secret key (same docs page as above).
    authorization: async () =>
      `Bearer ${await signHs256({ secret: settings.apiSecret, issuer: settings.appId, expiresInSeconds: APP_TOKEN_SECONDS, claims: { tokenType: 'app' } })}`,
    timeoutMs: settings.timeoutMs,
  });
  const embedBase = settings.embedUrl.replace(/\/+$/, '');

  return {
    name: 'talkjs',
    embedOrigin: new URL(settings.embedUrl).origin,

    // TalkJS's UI is started by its JS SDK (Talk.Session with appId, userId and token), not by a signed URL.
    // The iframe therefore loads our own host page (embedUrl = <APP_URL>/api/chat-host/talkjs/c by default,
    // lib/chat-provider/talkjs-host/), which reads `token` and mounts the SDK's chatbox on the conversation in the path.
    async embedUrl({ conversationId, userId }) {
      // User token per https://talkjs.com/docs/Features/Security_Settings/Authentication/: {tokenType:"user"}, iss = app id, sub = user id.
      const token = await signHs256({
        secret: settings.apiSecret,
        issuer: settings.appId,
        subject: userId,
        expiresInSeconds: USER_TOKEN_SECONDS,
        claims: { tokenType: 'user' },
      });
      return `${embedBase}/${segment(conversationId)}?token=${encodeURIComponent(token)}`;
    },

    async parseWebhook(request) {
      return [verifyAndNormalize(settings.webhookSecret, request)];
    },

    // PUT acts as create-or-merge. We send our emails ourselves, so TalkJS must not send its own: TalkJS emails
    // only users that have an email address ("Email notifications": https://talkjs.com/docs/Features/Notifications/Email_Notifications/),
    // so we never give it one, and `email: null` removes an address an earlier version of this code stored
    // (TalkJS's REST docs: a field set to null is removed). The role should also have email notifications off in
    // the dashboard (docs/connect-talkjs.md), a second guard if anyone adds an address by hand.
    async ensureUser(user) {
      await http('PUT', {
        path: `/users/${segment(user.id)}`,
        json: { name: user.name, email: null, role: user.role },
      });
    },

    // PUT merges participants (it never removes any), so repeating it is safe.
    async ensureConversation({ conversationId, participantIds, subject }) {
      await http('PUT', {
        path: `/conversations/${segment(conversationId)}`,
        json: { participants: participantIds, subject },
      });
    },

    // https://talkjs.com/docs/Reference/REST_API/Messages/: the body is an array, idempotencyKey is a documented field.
    async sendMessage({ conversationId, senderId, text, idempotencyKey }) {
      const path = `/conversations/${segment(conversationId)}/messages`;
      const json = [
        {
          text,
          sender: senderId,
          type: 'UserMessage',
          idempotencyKey,
          custom: { [IDEMPOTENCY_CUSTOM_FIELD]: idempotencyKey },
        },
      ];
      const { status, body } = await http('POST', { path, json });
      const [sent] = parseResponse(sendMessagesResponse, body, `talkjs POST ${path}`, status);
      // TalkJS answers only the id; the send time is ours, within a request's latency of theirs.
      return { id: sent!.id, conversationId, senderId, text, createdAt: new Date(), idempotencyKey };
    },

    // One documented request whatever the number of conversations: the first page of one conversation
    // (REST API › Conversations, `limit`). Listing a window instead would walk every conversation page.
    async probe() {
      const { status, body } = await http('GET', { path: '/conversations', query: { limit: 1 } });
      parseResponse(listResponse(talkjsConversation), body, 'talkjs GET /conversations', status);
    },

    // Reconciliation and transcripts: see ./talkjs-listing.ts for the paging rules and the request budget.
    listMessages(window) {
      return listTalkJsMessages(http, window, settings.listRequestBudget);
    },
  };
}

/**
 * https://talkjs.com/docs/Features/Security_Settings/Security_Recommendations/ ("Verify webhook integrity"):
 * X-TalkJS-Signature = uppercase hex HMAC-SHA256(secret, X-TalkJS-Timestamp + "." + raw body).
 * The docs do not say the timestamp's unit, so both are accepted: ≥ 1e12 is milliseconds, else seconds.
 * Returns the signed send time, which stands in for an event's `createdAt` when the body has none
 * (TalkJS's own examples, talkjs/talkjs-examples webhooks/*, show only `id`, `type`, `data`).
 */
export function verifyTalkJsSignature(secret: string, { rawBody, headers, now = new Date() }: WebhookRequest): Date {
  const signature = headers.get('x-talkjs-signature')?.trim();
  const timestamp = headers.get('x-talkjs-timestamp')?.trim();
  if (!signature || !timestamp) throw new WebhookSignatureError('missing X-TalkJS-Signature or X-TalkJS-Timestamp');
  if (!/^\d{1,16}$/.test(timestamp)) throw new WebhookSignatureError('X-TalkJS-Timestamp is not a number');

  const expected = Buffer.from(
    createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex').toUpperCase(),
  );
  const received = Buffer.from(signature.toUpperCase());
  if (expected.length !== received.length || !timingSafeEqual(expected, received)) {
    throw new WebhookSignatureError('X-TalkJS-Signature does not match');
  }
  const value = Number(timestamp);
  const sentAt = new Date(value >= 1e12 ? value : value * 1000);
  assertFresh(sentAt, now);
  return sentAt;
}

function verifyAndNormalize(secret: string, request: WebhookRequest): NormalizedEvent {
  const signedAt = verifyTalkJsSignature(secret, request);
  const envelope = webhookEnvelope.safeParse(parseJsonBody(request.rawBody));
  if (!envelope.success) throw payloadError('talkjs webhook', envelope.error);
  const { id, type, createdAt, data } = envelope.data;
  const base = { eventId: id, type, occurredAt: createdAt ?? signedAt };
  if (!Object.hasOwn(talkjsEventParsers, type)) return { ...base, kind: 'unknown' };
  try {
    return talkjsEventParsers[type]!(base, data);
  } catch (error) {
    if (error instanceof z.ZodError) throw payloadError(`talkjs ${type} webhook`, error);
    throw new WebhookPayloadError(`talkjs ${type} webhook: ${(error as Error).message}`, { cause: error });
  }
}
