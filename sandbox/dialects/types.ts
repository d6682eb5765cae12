import type { Hono } from 'hono';
import type { StoredMessage } from '../chat/message-json';
import type { SandboxContext } from '../context';
import type { SandboxError } from '../http/errors';
import type { SandboxEnv } from '../http/env';

import type { DialectName } from './names';

export type { DialectName } from './names';

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

/**
 * One vendor's wire format. The chat itself (storage, faults, the embed UI, the outbox and its retries) is shared;
 * a dialect only says how it looks on the wire: webhook bodies and signatures, REST paths, authentication,
 * pagination and error bodies.
 */
export interface Dialect {
  readonly name: DialectName;
  /** The webhooks one chat event becomes (zero or more), with ids minted by `newEventId`. */
  webhooks(event: ChatEvent, at: { now: Date; newEventId: () => string }): WebhookDraft[];
  /** Headers that sign one delivery attempt; called again on every retry with the attempt's time. */
  signWebhook(secret: string): (eventId: string, body: string, now: Date) => Record<string, string>;
  /** The REST API, mounted at `/`: its own paths (conventionally under /v1/:appId), authentication and pagination. */
  restRoutes(ctx: SandboxContext): Hono<SandboxEnv>;
  /** Whether a path belongs to this dialect's REST API, so its errors use `errorBody`. */
  isRestPath(path: string): boolean;
  /** The JSON body of a REST error, in the vendor's shape. */
  errorBody(error: SandboxError): unknown;
  /** Claims the embed's identity token must carry besides iss/sub/exp (TalkJS: tokenType "user"). */
  embedTokenClaims: Readonly<Record<string, string>>;
}
