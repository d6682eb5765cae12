/** Vendors we can run against; `CHAT_VENDOR` picks one. Adding a name here fails to compile until it is registered in ./index.ts. */
export type VendorName = 'sandbox' | 'talkjs' | 'stream' | 'sendbird' | 'twilio';

/** What an adapter needs to run; ./index.ts fills it from the configuration, tests pass their own. */
export interface ChatProviderSettings {
  appId: string;
  /** REST base, without the /v1/<appId> suffix. */
  apiUrl: string;
  /** Base of the chat UI the iframe loads. */
  embedUrl: string;
  /** Signs embed tokens and authenticates REST calls. Never logged. */
  apiSecret: string;
  /** Verifies webhook signatures. Never logged. */
  webhookSecret: string;
  /** Per-request timeout; defaults to 10 s. */
  timeoutMs?: number;
  /** Most HTTP requests one listMessages call may make (vendors without a time-filtered list walk every conversation). */
  listRequestBudget?: number;
  /**
   * The public URL the vendor posts webhooks to, exactly as entered in its console (VENDOR_WEBHOOK_URL). Twilio signs
   * this URL, so behind a proxy the URL our server sees would not verify. Other vendors ignore it.
   */
  webhookUrl?: string;
  /** A key pair some vendors need beside the API secret to mint browser tokens (Twilio: an API key SID and secret). Never logged. */
  signingKeyId?: string;
  signingKeySecret?: string;
}

export interface VendorUser {
  id: string;
  name: string;
  email: string;
  role: string;
}

export interface VendorMessage {
  id: string;
  conversationId: string;
  senderId: string;
  text: string;
  createdAt: Date;
  /** Our idempotency key when we sent it (fallback replay, canaries); null for messages people typed. */
  idempotencyKey: string | null;
}

/**
 * "Read up to here": every message of the conversation sent by someone else at or before `at`, or at or before the
 * message `messageId` (whichever is later), is read. Stream: `last_read_message_id`; Sendbird: `read_ts`; Twilio: the
 * participant's last read message (its index resolved to a message) or time. At least one of the two is set.
 */
export interface ReadHorizon {
  messageId?: string;
  at?: Date;
}

/** Fields every normalized event carries. */
export interface EventBase {
  /** The vendor's stable event id, our idempotency key: the same on every redelivery (Standard Webhooks: the `webhook-id` header). */
  eventId: string;
  /** The event id inside the body, when the vendor's scheme has one beside the delivery id (kept for support). */
  bodyId?: string;
  /**
   * The vendor's own type string as received (TalkJS "message.sent", Stream "message.new", Twilio "onMessageAdded"):
   * kept for support. What the event means is `kind`; stored events are queried by `normalized ->> 'kind'`.
   */
  type: string;
  /** When the vendor says the event happened. */
  occurredAt: Date;
}

/** What every vendor's webhook turns into. Unknown types are kept so they can be stored and acknowledged. */
export type NormalizedEvent =
  | (EventBase & { kind: 'conversation.created'; conversationId: string; participantIds: string[] })
  | (EventBase & { kind: 'message.sent'; message: VendorMessage })
  | (EventBase & {
      kind: 'message.read';
      conversationId: string;
      readerId: string;
      /** Messages read, by id (vendors that report each message read: sandbox, TalkJS). */
      messageIds: string[];
      readAt: Date;
      /** A read horizon, for vendors that report "read up to" instead of message ids (lib/messaging/read-horizon.ts). */
      upTo?: ReadHorizon;
    })
  /** The message as it is after the edit (new text); `occurredAt` is when it was edited. */
  | (EventBase & { kind: 'message.updated'; message: VendorMessage })
  | (EventBase & { kind: 'message.deleted'; conversationId: string; messageId: string })
  | (EventBase & { kind: 'conversation.deleted'; conversationId: string })
  | (EventBase & { kind: 'unknown' });

export interface WebhookRequest {
  rawBody: string;
  headers: Headers;
  /** The URL the request arrived at, query string included (Twilio keeps only its query when `webhookUrl` is set). */
  url?: string;
  /** Defaults to now; tests pass a fixed clock. */
  now?: Date;
}

export interface TimeWindow {
  since: Date;
  until: Date;
}

/** One chat vendor behind the interface the app, the worker and the monitor use. Only base URLs and secrets differ per environment. */
export interface ChatProvider {
  readonly name: VendorName;
  /** Origin of the embed iframe: CSP frame-src and the postMessage origin check. */
  readonly embedOrigin: string;
  /** Signed, short-lived URL of the chat UI for one participant. */
  embedUrl(input: { conversationId: string; userId: string }): Promise<string>;
  /** Verifies the signature (constant time, ±5 min timestamp window) and parses the body. Throws WebhookSignatureError or WebhookPayloadError. */
  parseWebhook(request: WebhookRequest): Promise<NormalizedEvent[]>;
  ensureUser(user: VendorUser): Promise<void>;
  ensureConversation(input: { conversationId: string; participantIds: string[]; subject: string }): Promise<void>;
  /** Idempotent by `idempotencyKey`: sending the same key twice yields one vendor message. */
  sendMessage(input: {
    conversationId: string;
    senderId: string;
    text: string;
    idempotencyKey: string;
  }): Promise<VendorMessage>;
  /** Every message created in [since, until), across conversations, following the vendor's pagination. */
  listMessages(window: TimeWindow): AsyncIterable<VendorMessage>;
  /**
   * The vendor API probe's one cheap authenticated request (monitor/checks/vendor-api.ts): resolves when the API
   * answered 2xx with a readable body, throws VendorApiError otherwise. Optional: without it the probe lists a
   * one-second window, which is one request for vendors with a time-filtered message list.
   */
  probe?(): Promise<void>;
}
