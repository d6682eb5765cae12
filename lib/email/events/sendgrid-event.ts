import { createHash } from 'node:crypto';
import { z } from 'zod';

// SendGrid's Event Webhook payload: a JSON array of event objects (docs: "Event Webhook reference" › Event
// objects; sendgrid/sendgrid-nodejs packages/eventwebhook). Each event is validated on its own: one malformed
// event must not cost SendGrid's retries of the valid ones beside it (it retries a non-2xx batch for 24 h, then
// drops it — docs: "Event Webhook" › Troubleshooting).

// PostgreSQL text cannot hold NUL: such an event is invalid (recorded), never a failed batch.
const noNul = (schema: z.ZodString) => schema.refine((value) => !value.includes('\u0000'), 'must not contain NUL');
const id = noNul(z.string().min(1).max(200));
const text = noNul(z.string().max(2000));

/** One event, as far as we use it; other fields pass through untouched. */
export const sendgridEvent = z.looseObject({
  event: noNul(z.string().min(1).max(64)),
  timestamp: z.number().int().nonnegative().max(32_503_680_000),
  /** Unique per event where present; the docs' own minimal samples omit it (see eventKey). */
  sg_event_id: id.optional(),
  /** "<X-Message-Id>.<filter…>"; absent on asynchronous ("delayed") bounces. */
  sg_message_id: id.optional(),
  email: text.optional(),
  /** Our custom arg (top-level in each event): the Email row id. Absent on bounces returned through Return-Path. */
  email_id: id.optional(),
  /** Our custom arg on incident-alert e-mails: the alert delivery row id (lib/alerts/settle-unconfirmed-email.ts). */
  alert_delivery_id: id.optional(),
  reason: text.optional(),
  response: text.optional(),
  status: noNul(z.string().max(64)).optional(),
  /** On bounce events: "bounce" or "blocked". */
  type: noNul(z.string().max(64)).optional(),
});

export type SendgridEvent = z.infer<typeof sendgridEvent>;

/** The body must be a JSON array of objects; anything else is refused as a whole (400). */
export const sendgridEventBatch = z.array(z.unknown()).min(1).max(10_000);

/**
 * The event's idempotency key: sg_event_id, or — for an event without one — a digest of the event exactly as
 * sent, which is the same on every redelivery of the batch (SendGrid resends the same JSON).
 */
export function eventKey(event: SendgridEvent, raw: unknown): string {
  return event.sg_event_id ?? `sha256:${createHash('sha256').update(JSON.stringify(raw)).digest('base64url')}`;
}

/** Human-readable detail for the support trace and an email's statusReason: reason first ("550 5.1.1 No such user · status 5.1.1"). */
export function describeEvent(event: SendgridEvent): string | null {
  const parts = [
    event.reason,
    event.response,
    event.status && `status ${event.status}`,
    event.type && event.type !== event.event && `type ${event.type}`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ').slice(0, 1000) : null;
}

/** The X-Message-Id our send recorded: sg_message_id is that id, a dot, then SendGrid's filter/recv suffix (docs: "Event Webhook reference" › sg_message_id). */
export function messageIdPrefix(event: SendgridEvent): string | null {
  const prefix = event.sg_message_id?.split('.')[0];
  return prefix ? prefix : null;
}
