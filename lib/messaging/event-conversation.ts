import type { NormalizedEvent } from '../chat-provider/types';

/** The vendor conversation an event is about, when its kind names one. */
export function eventConversationId(event: NormalizedEvent): string | null {
  switch (event.kind) {
    case 'message.sent':
      return event.message.conversationId;
    case 'message.read':
    case 'conversation.created':
      return event.conversationId;
    default:
      return null;
  }
}
