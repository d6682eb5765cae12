import type { NormalizedEvent } from '../../chat-provider/types';
import { handleMessageRead } from './message-read';
import { handleMessageSent } from './message-sent';
import type { EventHandler } from './types';

type Handlers = { [K in NormalizedEvent['kind']]: EventHandler<K> };

/** One handler per event kind. A new kind in NormalizedEvent fails to compile until it is handled here. */
export const eventHandlers: Handlers = {
  'message.sent': handleMessageSent,
  'message.read': handleMessageRead,
  // Conversations are created on our side first (issue 4, when the project page opens); the event only confirms it.
  'conversation.created': async () => ({ kind: 'processed', note: 'conversation confirmed by the vendor' }),
  // Stored as IGNORED at receipt and never queued; listed so the registry is total.
  unknown: async () => ({ kind: 'processed', note: 'unknown event type: nothing to do' }),
};
