import { z } from 'zod';
import { boundedId, boundedIdList, boundedText } from '../http/bounded-text';
import type { EventBase, NormalizedEvent, VendorMessage } from './types';

// TalkJS's wire format, from its documentation:
// - Message fields: https://talkjs.com/docs/Reference/Concepts/Messages/ (createdAt is Unix milliseconds)
// - Conversation (with lastMessage): https://talkjs.com/docs/Reference/REST_API/Conversations/
// - Webhook event structure {id, createdAt, type, data}: https://talkjs.com/docs/Reference/Webhooks/
// Fields we do not use (attachment, location, origin, editedAt, …) are ignored, not rejected. Every identifier
// and text field we keep is bounded and free of control characters (lib/http/bounded-text.ts).

const unixMs = z
  .number()
  .int()
  .nonnegative()
  .transform((ms) => new Date(ms));

export const talkjsMessage = z.object({
  id: boundedId(),
  conversationId: boundedId(),
  type: boundedId(100).optional(),
  /** Null for SystemMessage, which has no sender. */
  senderId: boundedId().nullish(),
  /** Absent for attachments and locations. */
  text: boundedText().nullish(),
  readBy: boundedIdList().default([]),
  createdAt: unixMs,
  custom: z.record(boundedId(), boundedText(4096)).nullish(),
});
export type TalkjsMessage = z.output<typeof talkjsMessage>;

/** GET /conversations and GET /conversations/{id}/messages share TalkJS's listing shape: `{ data: [...] }`. */
export const listResponse = <S extends z.ZodType>(item: S) => z.object({ data: z.array(item) });

export const talkjsConversation = z.object({
  id: boundedId(),
  lastMessage: talkjsMessage.nullish(),
});

/** POST /conversations/{id}/messages answers one `{id}` per message sent. */
export const sendMessagesResponse = z.array(z.object({ id: z.string().min(1) })).min(1);

/** `createdAt` is optional: TalkJS's examples show only id, type and data; the signed X-TalkJS-Timestamp stands in. */
export const webhookEnvelope = z.object({
  id: boundedId(),
  type: boundedId(100),
  createdAt: unixMs.optional(),
  data: z.unknown(),
});

/** We store our idempotency key in the message's `custom` too, because TalkJS does not document echoing `idempotencyKey` back. */
export const IDEMPOTENCY_CUSTOM_FIELD = 'idempotencyKey';

/** Null for system messages: they have no sender and are never ours, so callers skip them. */
export function toVendorMessage(message: TalkjsMessage): VendorMessage | null {
  if (!message.senderId) return null;
  return {
    id: message.id,
    conversationId: message.conversationId,
    senderId: message.senderId,
    text: message.text ?? '',
    createdAt: message.createdAt,
    idempotencyKey: message.custom?.[IDEMPOTENCY_CUSTOM_FIELD] ?? null,
  };
}

/**
 * TalkJS documents user.*, message.sent, message.read, message.updated, message.deleted,
 * conversation.deleted and notification.* events (https://talkjs.com/docs/Reference/Webhooks/); it documents
 * no conversation.created, so that (like every type not listed here) becomes kind 'unknown'.
 * The data of message.updated / message.deleted is read like message.sent's (`data.message`, the message
 * object of https://talkjs.com/docs/Reference/Concepts/Messages/) and conversation.deleted's as
 * `data.conversation.id`: we could not confirm these shapes against a captured TalkJS delivery, only
 * against the docs' event list, so the parsers read the fewest fields that can identify the target.
 */
// Built once: zod compiles a schema on its first parse, so building one per call costs ~0.2 ms a webhook.
const messageSentData = z.object({ message: talkjsMessage });
const messageReadData = z.object({ message: talkjsMessage, recipient: z.object({ id: boundedId() }) });
const messageRef = z.object({ message: z.object({ id: boundedId(), conversationId: boundedId() }) });
const conversationRef = z.object({ conversation: z.object({ id: boundedId() }) });

export const talkjsEventParsers: Record<string, (base: EventBase, data: unknown) => NormalizedEvent> = {
  'message.sent': (base, data) => {
    const message = toVendorMessage(messageSentData.parse(data).message);
    return message ? { ...base, kind: 'message.sent', message } : { ...base, kind: 'unknown' };
  },
  // "Occurs when another user in the same conversation receives the message in the chat UI":
  // one event per reader per message, the reader in data.recipient.
  'message.read': (base, data) => {
    const parsed = messageReadData.parse(data);
    return {
      ...base,
      kind: 'message.read',
      conversationId: parsed.message.conversationId,
      readerId: parsed.recipient.id,
      messageIds: [parsed.message.id],
      // TalkJS gives no separate read time; the event's own time is when it saw the read.
      readAt: base.occurredAt,
    };
  },
  'message.updated': (base, data) => {
    const message = toVendorMessage(messageSentData.parse(data).message);
    return message ? { ...base, kind: 'message.updated', message } : { ...base, kind: 'unknown' };
  },
  'message.deleted': (base, data) => {
    const { message } = messageRef.parse(data);
    return { ...base, kind: 'message.deleted', conversationId: message.conversationId, messageId: message.id };
  },
  'conversation.deleted': (base, data) => ({
    ...base,
    kind: 'conversation.deleted',
    conversationId: conversationRef.parse(data).conversation.id,
  }),
};
