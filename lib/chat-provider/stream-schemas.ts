import { z } from 'zod';
import { boundedId, boundedText } from '../http/bounded-text';
import type { EventBase, NormalizedEvent, VendorMessage } from './types';

// Stream Chat's wire format. Sources: the Push webhook page (https://getstream.io/chat/docs/node/push_webhook/: the body
// is the event, e.g. {type:"message.new", cid, message:{id,text,user:{id},created_at,…}, user, created_at}), the
// Events page (https://getstream.io/chat/docs/node/event_object/) and the `stream-chat` SDK's own types
// (dist/types/types.d.ts `Event`, `MessageResponse`, v9.53.0). Times are RFC 3339 strings. Unused fields are ignored.

/** Every channel we create is of Stream's built-in `messaging` type; our conversation id is the channel id. */
export const STREAM_CHANNEL_TYPE = 'messaging';

/** Custom message field carrying our idempotency key (Stream keeps unknown top-level message fields as custom data). */
export const STREAM_KEY_FIELD = 'chatwatch_key';

const isoDate = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

export const streamMessage = z.object({
  id: boundedId(),
  text: boundedText().nullish(),
  type: boundedId(100).optional(),
  cid: boundedId().optional(),
  user: z.object({ id: boundedId() }).nullish(),
  created_at: isoDate,
  [STREAM_KEY_FIELD]: boundedId().nullish(),
});
export type StreamMessage = z.output<typeof streamMessage>;

export const streamEnvelope = z.object({
  type: boundedId(100),
  cid: boundedId().optional(),
  channel_id: boundedId().optional(),
  created_at: isoDate.optional(),
});

/** "messaging:project_1" → "project_1"; Stream's cid is `<type>:<id>` (Events page: `cid`). */
export const channelIdOf = (cid: string): string => cid.slice(cid.indexOf(':') + 1);

/** System and error messages have no sender we know, and deleted ones no text: callers skip nulls. */
export function toVendorMessage(message: StreamMessage, conversationId: string): VendorMessage | null {
  if (!message.user || message.type === 'system' || message.type === 'error') return null;
  return {
    id: message.id,
    conversationId,
    senderId: message.user.id,
    text: message.text ?? '',
    createdAt: message.created_at,
    idempotencyKey: message[STREAM_KEY_FIELD] ?? null,
  };
}

const messageData = z.object({ cid: boundedId(), message: streamMessage });
const readData = z.object({
  cid: boundedId(),
  user: z.object({ id: boundedId() }),
  /** Sent with message.read (SDK `Event.last_read_message_id`); absent on old apps, then the read is up to the event's time. */
  last_read_message_id: boundedId().nullish(),
});
const channelData = z.object({ cid: boundedId() });

const message =
  (kind: 'message.sent' | 'message.updated') =>
  (base: EventBase, data: unknown): NormalizedEvent => {
    const parsed = messageData.parse(data);
    const vendorMessage = toVendorMessage(parsed.message, channelIdOf(parsed.cid));
    return vendorMessage ? { ...base, kind, message: vendorMessage } : { ...base, kind: 'unknown' };
  };

/** Stream's event types we act on (Events page); every other type is stored as kind 'unknown' and acknowledged. */
export const streamEventParsers: Record<string, (base: EventBase, data: unknown) => NormalizedEvent> = {
  'message.new': message('message.sent'),
  'message.updated': message('message.updated'),
  'message.deleted': (base, data) => {
    const parsed = messageData.parse(data);
    return {
      ...base,
      kind: 'message.deleted',
      conversationId: channelIdOf(parsed.cid),
      messageId: parsed.message.id,
    };
  },
  'message.read': (base, data) => {
    const parsed = readData.parse(data);
    return {
      ...base,
      kind: 'message.read',
      conversationId: channelIdOf(parsed.cid),
      readerId: parsed.user.id,
      messageIds: [],
      readAt: base.occurredAt,
      // "when a user calls mark as read" (webhook_events): read up to the last read message, or, on apps that do not
      // send it, up to the time the channel was marked read (the event's created_at).
      upTo: parsed.last_read_message_id ? { messageId: parsed.last_read_message_id } : { at: base.occurredAt },
    };
  },
  'channel.deleted': (base, data) => ({
    ...base,
    kind: 'conversation.deleted',
    conversationId: channelIdOf(channelData.parse(data).cid),
  }),
};
