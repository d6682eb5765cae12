import { z } from 'zod';
import { boundedId, boundedText } from '../../http/bounded-text';

/**
 * One event of SendGrid's Event Webhook, as far as we use it; other fields pass through untouched. Every field
 * we store is bounded and free of control characters (lib/http/bounded-text.ts): a hostile or broken sender
 * gets a 400, never a database error.
 */
export const sendgridEvent = z.looseObject({
  event: boundedId(64),
  sg_event_id: boundedId(),
  sg_message_id: boundedId().optional(),
  timestamp: z.number().int().nonnegative(),
  email: boundedText(320).optional(),
  /** Our custom arg: the Email row id. */
  email_id: boundedId().optional(),
  reason: boundedText(2000).optional(),
  response: boundedText(2000).optional(),
  status: boundedText(200).optional(),
  type: boundedText(200).optional(),
});

export const sendgridEventBatch = z.array(sendgridEvent).max(10_000);

export type SendgridEvent = z.infer<typeof sendgridEvent>;

/** The Email status a SendGrid event moves to; events not listed only add to the trace (deferred, open, click…). */
export const statusForEvent: Record<string, 'SENT' | 'DELIVERED' | 'BOUNCED' | 'DROPPED' | undefined> = {
  processed: 'SENT',
  delivered: 'DELIVERED',
  bounce: 'BOUNCED',
  dropped: 'DROPPED',
};

/** Human-readable detail for the support trace. */
export function describeEvent(event: SendgridEvent): string | null {
  const parts = [event.type && event.type !== event.event ? event.type : null, event.status, event.reason, event.response].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ').slice(0, 1000) : null;
}
