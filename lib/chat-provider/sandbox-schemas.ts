import { z } from 'zod';
import type { EventBase, NormalizedEvent, VendorMessage } from './types';

// The sandbox vendor's wire format (sandbox/ implements the other side of this contract).

const isoDate = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

export const sandboxMessage = z.object({
  id: z.string().min(1),
  conversationId: z.string().min(1),
  senderId: z.string().min(1),
  text: z.string(),
  createdAt: isoDate,
  idempotencyKey: z.string().nullable().default(null),
  readBy: z.array(z.string()).default([]),
});

export const sendMessageResponse = z.object({ message: sandboxMessage });

export const listMessagesResponse = z.object({
  data: z.array(sandboxMessage),
  nextCursor: z.string().min(1).nullable(),
});

export const webhookEnvelope = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  created_at: isoDate,
  data: z.unknown(),
});

export function toVendorMessage(message: z.output<typeof sandboxMessage>): VendorMessage {
  const { readBy: _readBy, ...rest } = message;
  return rest;
}

const participants = z.array(z.string().min(1));

// Built once: zod compiles a schema on its first parse, so building one per call costs ~0.2 ms a webhook.
const messageSentData = z.object({ message: sandboxMessage, conversation: z.object({ id: z.string(), participants }) });
const messageReadData = z.object({ conversationId: z.string().min(1), readerId: z.string().min(1), messageIds: z.array(z.string().min(1)), readAt: isoDate });
const conversationCreatedData = z.object({ conversation: z.object({ id: z.string().min(1), participants, subject: z.string().nullable() }) });

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
    return { ...base, kind: 'conversation.created', conversationId: parsed.conversation.id, participantIds: parsed.conversation.participants };
  },
};
