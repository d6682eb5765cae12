import { z } from 'zod';

/** One event of SendGrid's Event Webhook, as far as we use it; other fields pass through untouched. */
export const sendgridEvent = z.looseObject({
  event: z.string().min(1),
  sg_event_id: z.string().min(1),
  sg_message_id: z.string().optional(),
  timestamp: z.number().int().nonnegative(),
  email: z.string().optional(),
  /** Our custom arg: the Email row id. */
  email_id: z.string().optional(),
  reason: z.string().optional(),
  response: z.string().optional(),
  status: z.string().optional(),
  type: z.string().optional(),
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
