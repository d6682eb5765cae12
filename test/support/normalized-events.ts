import { randomUUID } from 'node:crypto';
import type { NormalizedEvent } from '../../lib/chat-provider/types';
import { ingestVendorEvents, type PreparedExecutor } from '../../lib/messaging/ingest-vendor-events';

// Normalized vendor events (lib/chat-provider/types.ts) as an adapter's parseWebhook returns them, with fresh ids,
// for tests that feed the intake and the worker directly.

/** A message.sent event: `at` is both the message's creation and the event's time (default now). */
export function sentEvent(
  conversationId: string,
  senderId: string,
  text: string,
  at = new Date(),
): Extract<NormalizedEvent, { kind: 'message.sent' }> {
  const message = { id: `msg_${randomUUID()}`, conversationId, senderId, text, createdAt: at, idempotencyKey: null };
  return { kind: 'message.sent', eventId: `evt_${randomUUID()}`, type: 'message.sent', occurredAt: at, message };
}

/** A message.read event naming the messages read, read now. */
export function readEvent(conversationId: string, readerId: string, messageIds: string[]): NormalizedEvent {
  const at = new Date();
  return {
    kind: 'message.read',
    eventId: `evt_${randomUUID()}`,
    type: 'message.read',
    occurredAt: at,
    conversationId,
    readerId,
    messageIds,
    readAt: at,
  };
}

/** Stores events through the real webhook intake (source WEBHOOK), as the route does after verifying them. */
export function storeEvents(pool: PreparedExecutor, events: NormalizedEvent[], receivedAt = new Date()) {
  return ingestVendorEvents(pool, { vendor: 'sandbox', events, rawBody: '{}', receivedAt, source: 'WEBHOOK' });
}
