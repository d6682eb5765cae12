import { z } from 'zod';
import { boundedId, boundedIdList, boundedText } from '../http/bounded-text';
import type { EventBase, NormalizedEvent, VendorMessage } from './types';

// The sandbox vendor's wire format (sandbox/ implements the other side of this contract).

const isoDate = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

export const sandboxMessage = z.object({
  id: boundedId(),
  conversationId: boundedId(),
  senderId: boundedId(),
  text: boundedText(),
  createdAt: isoDate,
  idempotencyKey: boundedId().nullable().default(null),
  readBy: boundedIdList().default([]),
});

export const sendMessageResponse = z.object({ message: sandboxMessage });

export const listMessagesResponse = z.object({
  data: z.array(sandboxMessage),
  nextCursor: boundedId(2048).nullable(),
});

/**
 * The Standard Webhooks payload: `{ type, timestamp, data }` (standard-webhooks/standard-webhooks
 * `spec/standard-webhooks.md` › Payload structure). The idempotency key is the `webhook-id` header, not a body
 * field. `id` and `created_at` are the sandbox vendor's extras: used when present, never required, so an event
 * type we do not process parses whatever else its body carries. Unknown keys pass through untouched.
 */
export const webhookEnvelope = z.looseObject({
  type: boundedId(100),
  timestamp: isoDate.optional(),
  data: z.unknown(),
  id: boundedId().optional(),
  created_at: isoDate.optional(),
});

export function toVendorMessage(message: z.output<typeof sandboxMessage>): VendorMessage {
  const { readBy: _readBy, ...rest } = message;
  return rest;
}

const participants = boundedIdList();

// Built once: zod compiles a schema on its first parse, so building one per call costs ~0.2 ms a webhook.
const messageSentData = z.object({
  message: sandboxMessage,
  conversation: z.object({ id: boundedId(), participants }),
});
const messageReadData = z.object({
  conversationId: boundedId(),
  readerId: boundedId(),
  messageIds: boundedIdList(),
  readAt: isoDate,
});
const conversationCreatedData = z.object({
  conversation: z.object({ id: boundedId(), participants, subject: boundedText(1000).nullable() }),
});

/** One parser per event type the sandbox sends; a type not listed here becomes kind 'unknown'. */
export const sandboxEventParsers: Record<string, (base: EventBase, data: unknown) => NormalizedEvent> = {
  'message.sent': (base, data) => {
    const parsed = messageSentData.parse(data);
    return { ...base, kind: 'message.sent', message: toVendorMessage(parsed.message) };
  },
  'message.read': (base, data) => {
    const parsed = messageReadData.parse(data);
    return { ...base, kind: 'message.read', ...parsed };
  },
  'conversation.created': (base, data) => {
    const parsed = conversationCreatedData.parse(data);
    return {
      ...base,
      kind: 'conversation.created',
      conversationId: parsed.conversation.id,
      participantIds: parsed.conversation.participants,
    };
  },
};
