import type { ChatEvent, WebhookDraft } from '../types';
import { toTalkjsMessage, toTalkjsParticipants } from './json';

/**
 * TalkJS's webhook bodies: `{ id, createdAt (Unix ms), type, data }` (talkjs.com/docs › Reference › Webhooks).
 * - message.sent: data `{ sender, conversation, message }`;
 * - message.read: one event per message per reader, data `{ sender, recipient, conversation, message }` (reader in
 *   `recipient`, as talkjs/talkjs-examples webhooks/nodejs/express-webhook/controllers/webhookController.js reads it);
 * - conversation.created: TalkJS documents no such event, so none is sent.
 * `sender` / `recipient` carry only `id`: the sandbox does not load user profiles inside the sending transaction,
 * and a receiver that needs a name must not rely on webhook copies anyway.
 */
export function talkjsWebhooks(event: ChatEvent, at: { now: Date; newEventId: () => string }): WebhookDraft[] {
  const envelope = (id: string, type: string, data: unknown) =>
    JSON.stringify({ id, createdAt: at.now.getTime(), type, data });
  switch (event.type) {
    case 'conversation.created':
      return [];
    case 'message.sent': {
      const id = at.newEventId();
      const data = {
        sender: { id: event.message.senderId },
        conversation: {
          id: event.conversation.id,
          participants: toTalkjsParticipants(event.conversation.participants),
        },
        message: toTalkjsMessage(event.message),
      };
      return [
        {
          id,
          type: event.type,
          body: envelope(id, event.type, data),
          messageId: event.message.id,
          conversationId: event.message.conversationId,
        },
      ];
    }
    case 'message.read':
      return event.messages.map((message) => {
        const id = at.newEventId();
        const data = {
          sender: { id: message.senderId },
          recipient: { id: event.readerId },
          conversation: { id: event.conversationId },
          message: toTalkjsMessage(message),
        };
        return {
          id,
          type: event.type,
          body: envelope(id, event.type, data),
          // As the sandbox dialect: only message.sent rows name their message (the delivery log's "webhook of message X").
          messageId: null,
          conversationId: event.conversationId,
        };
      });
  }
}
