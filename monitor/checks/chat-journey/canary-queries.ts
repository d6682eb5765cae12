import type { Db } from '../../../lib/db/client';
import type { CanaryPipelineState } from './blame';

/**
 * True once the vendor's own webhook (not a reconciliation backfill) for this message is stored. Matched on the
 * normalized kind, never on `vendor_event.type`: that is the vendor's own name (Stream `message.new`, Twilio
 * `onMessageAdded`, …), which equals `message.sent` only for TalkJS and the sandbox.
 */
export async function canaryWebhookArrived(
  db: Db,
  vendor: string,
  vendorMessageId: string,
  since: Date,
): Promise<boolean> {
  const rows = await db.$queryRaw<{ found: number }[]>`
    SELECT 1 AS found FROM vendor_event
    WHERE vendor = ${vendor} AND source = 'WEBHOOK' AND normalized ->> 'kind' = 'message.sent' AND "receivedAt" >= ${since}
      AND normalized -> 'message' ->> 'id' = ${vendorMessageId}
    LIMIT 1`;
  return rows.length > 0;
}

/** The email the canary message caused (the synthetic peer's unread-messages email), if it exists yet. */
export async function canaryEmailStatus(
  db: Db,
  vendor: string,
  vendorMessageId: string,
): Promise<{ status: string; statusReason: string | null } | null> {
  const rows = await db.$queryRaw<{ status: string; statusReason: string | null }[]>`
    SELECT e.status::text AS status, e."statusReason" FROM email e
    JOIN email_message em ON em."emailId" = e.id
    JOIN message m ON m.id = em."messageId"
    WHERE m.vendor = ${vendor} AND m."vendorMessageId" = ${vendorMessageId}
    ORDER BY e."createdAt" DESC LIMIT 1`;
  return rows[0] ?? null;
}

/** The canary's webhook event and email as stored now: what the email step's blame is decided on (blame.ts). */
export async function canaryPipelineState(
  db: Db,
  vendor: string,
  vendorMessageId: string,
  since: Date,
): Promise<CanaryPipelineState> {
  const [events, emails] = await Promise.all([
    db.$queryRaw<{ status: string }[]>`
      SELECT status::text AS status FROM vendor_event
      WHERE vendor = ${vendor} AND source = 'WEBHOOK' AND normalized ->> 'kind' = 'message.sent' AND "receivedAt" >= ${since}
        AND normalized -> 'message' ->> 'id' = ${vendorMessageId}
      ORDER BY "receivedAt" LIMIT 1`,
    db.$queryRaw<{ status: string; statusReason: string | null; sendAttempts: number; sendAt: Date }[]>`
      SELECT e.status::text AS status, e."statusReason", e."sendAttempts", e."sendAt" FROM email e
      JOIN email_message em ON em."emailId" = e.id
      JOIN message m ON m.id = em."messageId"
      WHERE m.vendor = ${vendor} AND m."vendorMessageId" = ${vendorMessageId}
      ORDER BY e."createdAt" DESC LIMIT 1`,
  ]);
  return { event: events[0] ?? null, email: emails[0] ?? null, now: new Date() };
}
