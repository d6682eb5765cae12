import type { StoredMessage } from '../chat/message-json';

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
}

/** The part of a dialect the chat's services and embed use (kept apart so the context imports no routes). */
export interface ChatDialect {
  /** The webhooks one chat event becomes (zero or more), with ids minted by `newEventId`. */
  webhooks(event: ChatEvent, at: { now: Date; newEventId: () => string }): WebhookDraft[];
  /** Claims the embed's identity token must carry besides iss/sub/exp (TalkJS: tokenType "user"). */
  embedTokenClaims: Readonly<Record<string, string>>;
  /** The claim naming the user when it is not `sub` (Stream: `user_id`, and no `iss`). */
  embedUserClaim?: 'user_id';
}
