import { createHmac } from 'node:crypto';
import twilio from 'twilio';
import { z } from 'zod';
import { WebhookPayloadError, WebhookSignatureError } from './errors';
import { segment } from './http';
import { vendorErrorFromSdk } from './sdk-error';
import { bodyDigestId, payloadError, signaturesMatch } from './signing';
import { createTwilioClient } from './twilio-client';
import { listTwilioMessages } from './twilio-listing';
import { TWILIO_KEY_FIELD, keyFromAttributes, twilioEventParsers } from './twilio-schemas';
import type { ChatProvider, ChatProviderSettings, NormalizedEvent, VendorMessage, WebhookRequest } from './types';

/** Twilio error codes for "already exists" (https://www.twilio.com/docs/api/errors): user 50201, conversation 50353, participant 50433. */
const ALREADY_EXISTS = new Set([50201, 50353, 50433]);
/** The events our conversation-scoped webhook asks for (Conversation Scoped Webhook resource, `Configuration.Filters`). */
export const TWILIO_WEBHOOK_FILTERS = [
  'onMessageAdded',
  'onMessageUpdated',
  'onMessageRemoved',
  'onParticipantUpdated',
];
const DEDUP_LOOKBACK = 50;

/**
 * Twilio Conversations (https://www.twilio.com/docs/conversations). Settings: appId = the Account SID (AC…),
 * apiUrl = https://conversations.twilio.com, apiSecret = the Auth Token, webhookSecret = the same Auth Token (Twilio
 * signs webhooks with it), webhookUrl = VENDOR_WEBHOOK_URL, signingKeyId/Secret = an API key for browser access tokens.
 * REST goes through the official `twilio` SDK (./twilio-client.ts). Our conversation id is the conversation's
 * UniqueName (Twilio accepts it wherever a Conversation SID goes in a URL).
 */
export function createTwilioProvider(settings: ChatProviderSettings): ChatProvider {
  const client = createTwilioClient({
    accountSid: settings.appId,
    authToken: settings.apiSecret,
    apiUrl: settings.apiUrl,
    timeoutMs: settings.timeoutMs ?? 10_000,
  });
  const api = client.conversations.v1;
  const embedBase = settings.embedUrl.replace(/\/+$/, '');
  const call = async <T>(
    what: string,
    run: () => Promise<T>,
    exists?: () => Promise<unknown>,
  ): Promise<T | undefined> => {
    try {
      return await run();
    } catch (error) {
      if (exists && ALREADY_EXISTS.has(Number((error as { code?: unknown }).code))) {
        await call(`${what} (exists)`, exists);
        return undefined;
      }
      throw vendorErrorFromSdk(`twilio ${what}`, error);
    }
  };

  return {
    name: 'twilio',
    embedOrigin: new URL(settings.embedUrl).origin,

    // An Access Token with a Chat grant (the SDK's own `twilio.jwt.AccessToken`), which @twilio/conversations' Client
    // takes in our host page (app/api/chat-host/twilio). It needs an API key; the Auth Token cannot sign it.
    async embedUrl({ conversationId, userId }) {
      if (!settings.signingKeyId || !settings.signingKeySecret)
        throw new Error('twilio embed needs TWILIO_API_KEY_SID and TWILIO_API_KEY_SECRET');
      const token = new twilio.jwt.AccessToken(settings.appId, settings.signingKeyId, settings.signingKeySecret, {
        identity: userId,
        ttl: 10 * 60,
      });
      token.addGrant(new twilio.jwt.AccessToken.ChatGrant({}));
      return `${embedBase}/${segment(conversationId)}?token=${encodeURIComponent(token.toJwt())}`;
    },

    async parseWebhook(request) {
      return [verifyAndNormalize(settings, request)];
    },

    async ensureUser(user) {
      await call(
        'users.create',
        () => api.users.create({ identity: user.id, friendlyName: user.name }),
        () => api.users(user.id).update({ friendlyName: user.name }),
      );
    },

    // Creates the conversation (UniqueName = our id), adds each participant, and gives the conversation its own
    // webhook whose URL names our id (`?conversation=<id>`): Twilio's events carry only the Conversation SID, and the
    // URL is covered by the signature, so the id read back from it is as trustworthy as the body.
    async ensureConversation({ conversationId, participantIds, subject }) {
      await call(
        'conversations.create',
        () => api.conversations.create({ uniqueName: conversationId, friendlyName: subject }),
        async () => {},
      );
      const conversation = api.conversations(conversationId);
      for (const identity of participantIds)
        await call(
          'participants.create',
          () => conversation.participants.create({ identity }),
          async () => {},
        );
      const url = twilioConversationWebhookUrl(settings, conversationId);
      const hooks = (await call('webhooks.list', () => conversation.webhooks.list({ limit: 20 }))) ?? [];
      if (!hooks.some((hook) => (hook.configuration as { url?: string } | null)?.url === url))
        await call('webhooks.create', () =>
          conversation.webhooks.create({
            target: 'webhook',
            'configuration.url': url,
            'configuration.method': 'post',
            'configuration.filters': TWILIO_WEBHOOK_FILTERS,
          }),
        );
    },

    // Twilio documents no idempotency key for Conversation messages, so we de-duplicate ourselves: our key goes in
    // the message Attributes, and before sending we read the newest 50 messages for it. X-Twilio-Webhook-Enabled makes
    // a REST-sent message fire webhooks like a typed one (without it Twilio sends none for REST actions).
    async sendMessage({ conversationId, senderId, text, idempotencyKey }) {
      const messages = api.conversations(conversationId).messages;
      const recent = (await call('messages.list', () => messages.list({ order: 'desc', limit: DEDUP_LOOKBACK }))) ?? [];
      const earlier = recent.find((m) => keyFromAttributes(m.attributes) === idempotencyKey);
      const sent =
        earlier ??
        (await call('messages.create', () =>
          messages.create({
            author: senderId,
            body: text,
            attributes: JSON.stringify({ [TWILIO_KEY_FIELD]: idempotencyKey }),
            xTwilioWebhookEnabled: 'true',
          }),
        ))!;
      const message: VendorMessage = {
        id: sent.sid,
        conversationId,
        senderId: sent.author,
        text: sent.body ?? '',
        createdAt: sent.dateCreated,
        idempotencyKey,
      };
      return message;
    },

    listMessages(window) {
      return listTwilioMessages(api, window, settings.listRequestBudget);
    },

    // GET /v1/Configuration: the account's Conversations settings, one small authenticated request.
    async probe() {
      await call('configuration.fetch', () => api.configuration().fetch());
    },
  };
}

/** The conversation-scoped webhook URL: VENDOR_WEBHOOK_URL with `conversation=<our id>` added to its query. */
export function twilioConversationWebhookUrl(
  settings: Pick<ChatProviderSettings, 'webhookUrl'>,
  conversationId: string,
): string {
  if (!settings.webhookUrl) throw new Error('twilio needs VENDOR_WEBHOOK_URL (the public webhook URL)');
  const url = new URL(settings.webhookUrl);
  url.searchParams.set('conversation', conversationId);
  return url.href;
}

/** The URL Twilio signed: the configured public base with the query the request arrived with. */
function signedUrl(settings: ChatProviderSettings, received: string | undefined): string {
  if (!received) throw new WebhookSignatureError('twilio webhook verification needs the request URL');
  if (!settings.webhookUrl) return received;
  const base = new URL(settings.webhookUrl);
  base.search = new URL(received).search;
  return base.href;
}

/** Twilio's validator also tries the URL with and without the scheme's default port; so do we. */
function urlCandidates(url: string): string[] {
  const parsed = new URL(url);
  const defaultPort = parsed.protocol === 'https:' ? '443' : '80';
  const withPort = parsed.port ? url : url.replace(parsed.host, `${parsed.hostname}:${defaultPort}`);
  const withoutPort = parsed.port === defaultPort ? url.replace(parsed.host, parsed.hostname) : url;
  return [...new Set([url, withPort, withoutPort])];
}

/**
 * https://www.twilio.com/docs/usage/webhooks/webhooks-security ("Validating signatures from Twilio"):
 * X-Twilio-Signature = base64 HMAC-SHA1(Auth Token, full URL + each POST parameter name and value, sorted by name);
 * the same algorithm as the `twilio` SDK's `getExpectedTwilioSignature` / `validateRequest` (lib/webhooks/webhooks.js),
 * which our tests use to sign and to cross-check. Form-encoded bodies only (JSON bodies carry `bodySHA256` instead,
 * which Conversations does not use). The scheme signs no time; Twilio's `I-Twilio-Idempotency-Token` header (same on
 * every retry) is the event id, or the SHA-256 of the body when it is missing.
 */
export function verifyTwilioSignature(settings: ChatProviderSettings, request: WebhookRequest): Record<string, string> {
  const signature = request.headers.get('x-twilio-signature')?.trim();
  if (!signature) throw new WebhookSignatureError('missing X-Twilio-Signature');
  const form = new URLSearchParams(request.rawBody);
  const names = [...new Set(form.keys())].sort();
  const data = names
    .map((name) =>
      [...new Set(form.getAll(name))]
        .sort()
        .map((value) => name + value)
        .join(''),
    )
    .join('');
  const matches = urlCandidates(signedUrl(settings, request.url)).some((url) =>
    signaturesMatch(
      createHmac('sha1', settings.webhookSecret)
        .update(Buffer.from(url + data, 'utf8'))
        .digest('base64'),
      signature,
    ),
  );
  if (!matches) throw new WebhookSignatureError('X-Twilio-Signature does not match');
  return Object.fromEntries(names.map((name) => [name, form.get(name)!]));
}

const envelope = z.object({ EventType: z.string().min(1).max(100) });

function verifyAndNormalize(settings: ChatProviderSettings, request: WebhookRequest): NormalizedEvent {
  const params = verifyTwilioSignature(settings, request);
  const parsed = envelope.safeParse(params);
  if (!parsed.success) throw payloadError('twilio webhook', parsed.error);
  const type = parsed.data.EventType;
  const eventId = request.headers.get('i-twilio-idempotency-token')?.trim() || bodyDigestId('twilio', request.rawBody);
  const base = { eventId, type, occurredAt: request.now ?? new Date() };
  const conversationId = new URL(request.url!).searchParams.get('conversation') ?? params.ConversationSid;
  if (!Object.hasOwn(twilioEventParsers, type) || !conversationId) return { ...base, kind: 'unknown' };
  try {
    return twilioEventParsers[type]!(base, params, conversationId);
  } catch (error) {
    if (error instanceof z.ZodError) throw payloadError(`twilio ${type} webhook`, error);
    throw new WebhookPayloadError(`twilio ${type} webhook: ${(error as Error).message}`, { cause: error });
  }
}
