import type { StoredMessage } from '../chat/message-json';
import type { SandboxConfig } from '../config';
import type { Queryable } from '../db';

/**
 * Something that happened in the sandbox's chat, in the sandbox's own terms. Each dialect decides how (and whether)
 * it becomes webhooks: the sandbox sends one per event, TalkJS one message.read per message and no conversation.created.
 */
export type ChatEvent =
  | { type: 'conversation.created'; conversation: { id: string; participants: string[]; subject: string | null } }
  | { type: 'message.sent'; message: StoredMessage; conversation: { id: string; participants: string[] } }
  | { type: 'message.read'; conversationId: string; readerId: string; messages: StoredMessage[]; readAt: Date };

/** One delivery to queue: its event id (the same on every retry), its type and its exact body. */
export interface WebhookDraft {
  id: string;
  type: string;
  body: string;
  messageId: string | null;
  conversationId: string | null;
  /** Where to post it, when not the configured APP_WEBHOOK_URL (Twilio: the conversation's own scoped webhook). */
  url?: string;
}

/** When an event's webhooks are made: the time, the id minter, and the vendor app id (Twilio's AccountSid). */
export interface WebhookClock {
  now: Date;
  newEventId: () => string;
  appId: string;
}

/** The part of a dialect the chat's services and embed use (kept apart so the context imports no routes). */
export interface ChatDialect {
  /**
   * The webhooks one chat event becomes (zero or more), with ids minted by `newEventId`. `db` is the transaction the
   * event was written in, for dialects whose bodies need more than the event (Sendbird's numeric ids, Twilio's
   * per-conversation message index and scoped webhook URLs).
   */
  webhooks(event: ChatEvent, at: WebhookClock, db: Queryable): WebhookDraft[] | Promise<WebhookDraft[]>;
  /**
   * The id this vendor names a message by in its REST answers and webhooks, as an SQL expression over a
   * `sandbox.messages` row aliased `m` (Sendbird: the integer `message_id`, `m.seq::text`; Twilio: the `IM…` SID,
   * `'IM' || md5(m.id)`). The embed shows messages by it, so what a browser reads matches what the vendor's webhook
   * and REST say (sandbox/chat/shown-ids.ts). Default `m.id`: the dialect names messages by the sandbox's own ids.
   */
  messageIdSql?: string;
  /** Claims the embed's identity token must carry besides iss/sub/exp (TalkJS: tokenType "user"). */
  embedTokenClaims: Readonly<Record<string, string>>;
  /** The claim naming the user when it is not `sub` (Stream: `user_id`, and no `iss`). */
  embedUserClaim?: 'user_id';
  /**
   * The embed viewer's user id from a token in this vendor's own browser-token format, when it is not the sandbox's
   * identity token (Twilio: an Access Token signed with an API key). Throws a 403 SandboxError when invalid.
   */
  embedIdentity?(token: string, config: SandboxConfig): Promise<string>;
}
