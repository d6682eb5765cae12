import { z } from 'zod';
import { boundedId, boundedText } from '../http/bounded-text';
import type { EventBase, NormalizedEvent } from './types';

// Twilio Conversations post-event webhooks: form-encoded (application/x-www-form-urlencoded) parameters per event,
// https://www.twilio.com/docs/conversations/conversations-webhooks ("onMessageAdded", "onMessageUpdated",
// "onMessageRemoved", "onParticipantUpdated", "onConversationRemoved"): EventType, ConversationSid, MessageSid, Index,
// Author, Body, Attributes (a JSON string), DateCreated / DateUpdated / DateRemoved (ISO 8601), Identity,
// LastReadMessageIndex. Unused parameters are ignored.

/** Our idempotency key inside a message's Attributes JSON. */
export const TWILIO_KEY_FIELD = 'chatwatch_key';

export function keyFromAttributes(attributes: string | null | undefined): string | null {
  if (!attributes) return null;
  try {
    const parsed = JSON.parse(attributes) as unknown;
    const key = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>)[TWILIO_KEY_FIELD] : null;
    return typeof key === 'string' ? key : null;
  } catch {
    return null;
  }
}

const isoDate = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

const messageParams = z.object({
  MessageSid: boundedId(),
  Author: boundedId(),
  Body: boundedText().optional(),
  Attributes: boundedText(4096).optional(),
  DateCreated: isoDate,
  DateUpdated: isoDate.optional(),
});
const removedParams = z.object({ MessageSid: boundedId(), DateRemoved: isoDate.optional() });
const participantParams = z.object({
  Identity: boundedId(),
  LastReadMessageIndex: z
    .string()
    .regex(/^\d{1,12}$/)
    .optional(),
  LastReadTimestamp: isoDate.optional(),
  DateUpdated: isoDate.optional(),
});

/** Our conversation id: the `conversation` query parameter of the conversation-scoped webhook URL (see twilio.ts). */
export type TwilioEventParser = (
  base: EventBase,
  params: Record<string, string>,
  conversationId: string,
) => NormalizedEvent;

const message =
  (kind: 'message.sent' | 'message.updated'): TwilioEventParser =>
  (base, params, conversationId) => {
    const parsed = messageParams.parse(params);
    return {
      ...base,
      occurredAt: kind === 'message.updated' ? (parsed.DateUpdated ?? parsed.DateCreated) : parsed.DateCreated,
      kind,
      message: {
        id: parsed.MessageSid,
        conversationId,
        senderId: parsed.Author,
        text: parsed.Body ?? '',
        createdAt: parsed.DateCreated,
        idempotencyKey: keyFromAttributes(parsed.Attributes),
      },
    };
  };

export const twilioEventParsers: Record<string, TwilioEventParser> = {
  onMessageAdded: message('message.sent'),
  onMessageUpdated: message('message.updated'),
  onMessageRemoved: (base, params, conversationId) => {
    const parsed = removedParams.parse(params);
    return {
      ...base,
      occurredAt: parsed.DateRemoved ?? base.occurredAt,
      kind: 'message.deleted',
      conversationId,
      messageId: parsed.MessageSid,
    };
  },
  // Reads are a participant's read horizon: LastReadMessageIndex, an index we do not store, and LastReadTimestamp,
  // "Timestamp of last 'read' message" (participant resource › last_read_timestamp). The read is up to that time;
  // without it the read names no message and is kept for the trace only (docs/connect-twilio.md › Known gaps).
  onParticipantUpdated: (base, params, conversationId) => {
    const parsed = participantParams.parse(params);
    if (parsed.LastReadMessageIndex === undefined) return { ...base, kind: 'unknown' };
    const readAt = parsed.DateUpdated ?? base.occurredAt;
    return {
      ...base,
      occurredAt: readAt,
      kind: 'message.read',
      conversationId,
      readerId: parsed.Identity,
      messageIds: [],
      readAt,
      ...(parsed.LastReadTimestamp ? { upTo: { at: parsed.LastReadTimestamp } } : {}),
    };
  },
  onConversationRemoved: (base, _params, conversationId) => ({ ...base, kind: 'conversation.deleted', conversationId }),
};
