import { Webhook } from 'standardwebhooks';
import type { MessageJson, StoredMessage } from '../../chat/message-json';
import type { ChatEvent, WebhookDraft } from '../types';

/** Standard Webhooks headers; webhook-id is the event id, so it is the same on every retry. */
export function standardWebhookHeaders(secret: string) {
  const webhook = new Webhook(secret);
  return (eventId: string, body: string, now: Date): Record<string, string> => ({
    'webhook-id': eventId,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': webhook.sign(eventId, now, body),
  });
}

/**
 * One webhook per event. Standard Webhooks payload shape ({type, timestamp, data}; spec/standard-webhooks.md ›
 * Payload structure); id and created_at are this vendor's extras, kept for receivers that read them.
 */
export function sandboxWebhooks(event: ChatEvent, at: { now: Date; newEventId: () => string }): WebhookDraft[] {
  const id = at.newEventId();
  const body = (data: unknown) =>
    JSON.stringify({
      type: event.type,
      timestamp: at.now.toISOString(),
      data,
      id,
      created_at: at.now.toISOString(),
    });
  switch (event.type) {
    case 'conversation.created':
      return [
        {
          id,
          type: event.type,
          body: body({ conversation: event.conversation }),
          messageId: null,
          conversationId: event.conversation.id,
        },
      ];
    case 'message.sent':
      return [
        {
          id,
          type: event.type,
          body: body({ message: withoutCustom(event.message), conversation: event.conversation }),
          messageId: event.message.id,
          conversationId: event.message.conversationId,
        },
      ];
    case 'message.read':
      return [
        {
          id,
          type: event.type,
          body: body({
            conversationId: event.conversationId,
            readerId: event.readerId,
            messageIds: event.messages.map((m) => m.id),
            readAt: event.readAt.toISOString(),
          }),
          messageId: null,
          conversationId: event.conversationId,
        },
      ];
  }
}

/** The sandbox's own message format has no `custom` (chat/message-json.ts MessageJson). */
function withoutCustom({ custom: _custom, ...message }: StoredMessage): MessageJson {
  return message;
}
