import { z } from 'zod';
import { boundedId, boundedText } from '../http/bounded-text';
import type { EventBase, NormalizedEvent, VendorMessage } from './types';

// Sendbird's wire format, from its Platform API docs (https://sendbird.com/docs/chat/platform-api/v3/):
// - message resource: …/message/messaging-basics/message-resource (message_id, type "MESG", message, user.user_id,
//   channel_url, created_at in Unix milliseconds, data = a free string we put our key into);
// - group channel webhook events: …/webhook/events/group-channel-events (`category`, `sender`, `payload`, `channel`,
//   `read_updates`). Cross-checked against the @sendbird/chat 4.22 SDK's message fields (messageId, createdAt ms,
//   channelUrl, data). Unused fields are ignored.

const unixMs = z
  .number()
  .int()
  .nonnegative()
  .transform((ms) => new Date(ms));

/** Our idempotency key, kept in the message's `data` string as JSON `{"chatwatch_key": …}`. */
export const SENDBIRD_KEY_FIELD = 'chatwatch_key';

export function keyFromData(data: string | null | undefined): string | null {
  if (!data) return null;
  try {
    const parsed = JSON.parse(data) as unknown;
    const key = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>)[SENDBIRD_KEY_FIELD] : null;
    return typeof key === 'string' ? key : null;
  } catch {
    return null;
  }
}

/** Message ids are 64-bit integers on the wire; we keep them as decimal strings. */
const messageId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/)]).transform(String);

export const sendbirdMessage = z.object({
  message_id: messageId,
  type: boundedId(20).optional(),
  message: boundedText().nullish(),
  user: z.object({ user_id: boundedId() }).nullish(),
  channel_url: boundedId().optional(),
  created_at: unixMs,
  data: boundedText(4096).nullish(),
});
export type SendbirdMessage = z.output<typeof sendbirdMessage>;

/** Admin messages ("ADMM") have no user and are never ours: callers skip nulls. */
export function toVendorMessage(message: SendbirdMessage, channelUrl: string): VendorMessage | null {
  if (!message.user) return null;
  return {
    id: message.message_id,
    conversationId: message.channel_url ?? channelUrl,
    senderId: message.user.user_id,
    text: message.message ?? '',
    createdAt: message.created_at,
    idempotencyKey: keyFromData(message.data),
  };
}

export const sendbirdEnvelope = z.object({ category: boundedId(100) });

const channelRef = z.object({ channel_url: boundedId() });
/** message_send / message_update: the message fields sit in `payload`, its sender in `sender`, the channel in `channel`. */
const messageEvent = z.object({
  channel: channelRef,
  sender: z.object({ user_id: boundedId() }),
  payload: z.object({
    message_id: messageId,
    message: boundedText().nullish(),
    created_at: unixMs,
    data: boundedText(4096).nullish(),
  }),
});
const deleteEvent = z.object({ channel: channelRef, payload: z.object({ message_id: messageId }) });
const readEvent = z.object({
  channel: channelRef,
  read_updates: z.array(z.object({ user_id: boundedId(), read_ts: unixMs })).max(1000),
});

const message =
  (kind: 'message.sent' | 'message.updated') =>
  (base: EventBase, body: unknown): NormalizedEvent[] => {
    const { channel, sender, payload } = messageEvent.parse(body);
    const vendorMessage: VendorMessage = {
      id: payload.message_id,
      conversationId: channel.channel_url,
      senderId: sender.user_id,
      text: payload.message ?? '',
      createdAt: payload.created_at,
      idempotencyKey: keyFromData(payload.data),
    };
    return [{ ...base, occurredAt: payload.created_at, kind, message: vendorMessage }];
  };

/**
 * The categories we act on; every other one (open_channel:*, group_channel:join, …) is stored as 'unknown'.
 * A message_read carries `read_updates`, one per reader with the time read up to (`read_ts`) but no message ids:
 * it becomes one message.read per reader, read up to `read_ts` (lib/messaging/read-horizon.ts).
 */
export const sendbirdEventParsers: Record<string, (base: EventBase, body: unknown) => NormalizedEvent[]> = {
  'group_channel:message_send': message('message.sent'),
  'group_channel:message_update': message('message.updated'),
  'group_channel:message_delete': (base, body) => {
    const { channel, payload } = deleteEvent.parse(body);
    return [{ ...base, kind: 'message.deleted', conversationId: channel.channel_url, messageId: payload.message_id }];
  },
  'group_channel:message_read': (base, body) => {
    const { channel, read_updates } = readEvent.parse(body);
    return read_updates.map((update) => ({
      ...base,
      eventId: `${base.eventId}:${update.user_id}`,
      kind: 'message.read' as const,
      conversationId: channel.channel_url,
      readerId: update.user_id,
      messageIds: [],
      readAt: update.read_ts,
      occurredAt: update.read_ts,
      // read_ts is the reader's read receipt: every message sent up to it is read (SDK › Mark messages as read).
      upTo: { at: update.read_ts },
    }));
  },
  'group_channel:remove': (base, body) => [
    {
      ...base,
      kind: 'conversation.deleted',
      conversationId: channelRef.parse((body as { channel?: unknown }).channel).channel_url,
    },
  ],
};
