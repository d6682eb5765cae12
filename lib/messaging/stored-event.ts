import { z } from 'zod';
import type { NormalizedEvent } from '../chat-provider/types';

// A NormalizedEvent as stored in vendor_event.normalized (JSON: dates are ISO strings), read back by the worker.

const date = z.coerce.date();
const base = { eventId: z.string().min(1), bodyId: z.string().optional(), type: z.string().min(1), occurredAt: date };

const vendorMessage = z.object({
  id: z.string().min(1),
  conversationId: z.string().min(1),
  senderId: z.string().min(1),
  text: z.string(),
  createdAt: date,
  idempotencyKey: z.string().nullable(),
});

export const storedEvent = z.discriminatedUnion('kind', [
  z.object({
    ...base,
    kind: z.literal('conversation.created'),
    conversationId: z.string().min(1),
    participantIds: z.array(z.string()),
  }),
  z.object({ ...base, kind: z.literal('message.sent'), message: vendorMessage }),
  z.object({
    ...base,
    kind: z.literal('message.read'),
    conversationId: z.string().min(1),
    readerId: z.string().min(1),
    messageIds: z.array(z.string().min(1)),
    readAt: date,
    upTo: z.object({ messageId: z.string().min(1).optional(), at: date.optional() }).optional(),
  }),
  z.object({ ...base, kind: z.literal('message.updated'), message: vendorMessage }),
  z.object({
    ...base,
    kind: z.literal('message.deleted'),
    conversationId: z.string().min(1),
    messageId: z.string().min(1),
  }),
  z.object({ ...base, kind: z.literal('conversation.deleted'), conversationId: z.string().min(1) }),
  z.object({ ...base, kind: z.literal('unknown') }),
]);

/** Parses a stored event back into a NormalizedEvent. */
export function parseStoredEvent(json: unknown): NormalizedEvent {
  return storedEvent.parse(json) satisfies NormalizedEvent;
}
