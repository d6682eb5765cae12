import type { ChatEvent, WebhookDraft } from '../types';
import { CHANNEL_TYPE, cidOf, toStreamMessage } from './json';

/**
 * Stream's webhook bodies: the event itself (getstream.io/chat/docs/node/webhook_events: "message.new — when a new
 * message is added", "message.read — when a user calls mark as read"), with `type`, `cid`, `channel_id`,
 * `channel_type`, `user`, `created_at` and, per type, `message` or `last_read_message_id` (SDK `Event` type).
 * - message.read: Stream's read state is "read up to" (a user marks the channel read), so one event per read,
 *   naming the newest message read;
 * - conversation.created: not sent (the product does not subscribe to channel.created).
 * The sandbox has no edit or delete, so message.updated / message.deleted are never sent.
 */
export function streamWebhooks(event: ChatEvent, at: { now: Date; newEventId: () => string }): WebhookDraft[] {
  const channel = (id: string) => ({ cid: cidOf(id), channel_id: id, channel_type: CHANNEL_TYPE });
  switch (event.type) {
    case 'conversation.created':
      return [];
    case 'message.sent': {
      const id = at.newEventId();
      const body = {
        type: 'message.new',
        ...channel(event.message.conversationId),
        message: toStreamMessage(event.message),
        user: { id: event.message.senderId },
        watcher_count: 0,
        created_at: at.now.toISOString(),
      };
      return [
        {
          id,
          type: body.type,
          body: JSON.stringify(body),
          messageId: event.message.id,
          conversationId: event.message.conversationId,
        },
      ];
    }
    case 'message.read': {
      const newest = event.messages.at(-1);
      if (!newest) return [];
      const id = at.newEventId();
      const body = {
        type: 'message.read',
        ...channel(event.conversationId),
        user: { id: event.readerId },
        last_read_message_id: newest.id,
        created_at: event.readAt.toISOString(),
      };
      return [
        { id, type: body.type, body: JSON.stringify(body), messageId: null, conversationId: event.conversationId },
      ];
    }
  }
}
