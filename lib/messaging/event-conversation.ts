import type { NormalizedEvent } from '../chat-provider/types';

/** The vendor conversation an event is about, when its kind names one. */
export function eventConversationId(event: NormalizedEvent): string | null {
  switch (event.kind) {
    case 'message.sent':
    case 'message.updated':
      return event.message.conversationId;
    case 'message.read':
    case 'message.deleted':
    case 'conversation.created':
    case 'conversation.deleted':
      return event.conversationId;
    default:
      return null;
  }
}
