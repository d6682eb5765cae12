import type { EmailStatus } from '../../db/generated/enums';
import type { Db } from '../../db/client';
import type { DbTx } from '../../db/tx';
import { prismaExecutor } from '../../jobs/prisma-executor';
import { EMAILS_TOTAL, SENDGRID_EVENTS_TOTAL } from '../../metrics/app-metrics';
import { addToSharedCounter } from '../../metrics/shared-counters';
import { meaningOf, nextStatus, statusRank, type FoldEvent } from './event-meanings';
import { settleUnconfirmedAlertEmail } from '../../alerts/settle-unconfirmed-email';
import { applyEventOptOut } from './apply-event-opt-out';
import { describeEvent, eventKey, messageIdPrefix, sendgridEvent, type SendgridEvent } from './sendgrid-event';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ApplyResult {
  applied: number;
  duplicates: number;
  /** Events matching no email of ours (another sender on the same account, or no id to match by). */
  unknown: number;
  /** Events that failed validation: stored in sendgrid_event_rejection, counted, not applied. */
  invalid: number;
}

/**
 * Applies one SendGrid Event Webhook batch (an array of raw events) in one transaction:
 * 1. each event is validated on its own; an invalid one is recorded (sendgrid_event_rejection) and skipped;
 * 2. it is matched to our email by our `email_id` custom arg, else by `sg_message_id`'s prefix (= the
 *    X-Message-Id we recorded; Return-Path bounces carry no custom args); an incident-alert e-mail's event (custom
 *    arg `alert_delivery_id`) settles that delivery if it is UNCONFIRMED (lib/alerts/settle-unconfirmed-email.ts);
 * 3. it is stored once in the email's trace under its eventKey (a redelivered batch is applied once);
 * 4. spam reports and unsubscribes opt the recipient out (./apply-event-opt-out.ts);
 * 5. each touched email's status is re-derived from ALL its SendGrid events (./event-meanings.ts), so the
 *    result does not depend on arrival order, and emails_total counts the status it moved to.
 */
export async function applySendgridEvents(db: Db, rawEvents: readonly unknown[]): Promise<ApplyResult> {
  const result: ApplyResult = { applied: 0, duplicates: 0, unknown: 0, invalid: 0 };
  await db.$transaction(
    async (tx) => {
      const touched = new Set<string>();
      for (const raw of rawEvents) {
        const parsed = sendgridEvent.safeParse(raw);
        if (!parsed.success) {
          await recordRejection(tx, raw, parsed.error.issues[0]);
          result.invalid++;
          continue;
        }
        const event = parsed.data;
        const emailId = await matchEmail(tx, event);
        if (!emailId) {
          // An incident-alert e-mail is not an outbox email: its delivery row is settled on its own.
          if (await settleUnconfirmedAlertEmail(tx, event, describeEvent(event))) result.applied++;
          else result.unknown++;
          continue;
        }
        const occurredAt = new Date(event.timestamp * 1000);
        const inserted = await tx.$queryRaw<{ id: bigint }[]>`
          INSERT INTO email_event ("emailId", type, source, "occurredAt", detail, variant, "providerEventId")
          VALUES (${emailId}::uuid, ${event.event}, 'sendgrid', ${occurredAt}, ${describeEvent(event)}, ${event.type ?? null}, ${eventKey(event, raw)})
          ON CONFLICT ("providerEventId") DO NOTHING
          RETURNING id`;
        if (inserted.length === 0) {
          result.duplicates++;
          continue;
        }
        result.applied++;
        touched.add(emailId);
        const optOut = meaningOf(event)?.optOut;
        if (optOut) await applyEventOptOut(tx, { emailId, kind: optOut, occurredAt });
        await tx.$executeRaw`
          UPDATE email SET "providerMessageId" = COALESCE("providerMessageId", ${messageIdPrefix(event)}) WHERE id = ${emailId}::uuid`;
      }
      for (const emailId of touched) await settleStatus(tx, emailId);
      const executor = prismaExecutor(tx);
      for (const [key, value] of Object.entries({
        applied: result.applied,
        duplicate: result.duplicates,
        unknown: result.unknown,
        invalid: result.invalid,
      })) {
        if (value > 0) await addToSharedCounter(executor, SENDGRID_EVENTS_TOTAL, { result: key }, value);
      }
    },
    { timeout: 30_000 },
  );
  return result;
}

async function matchEmail(tx: DbTx, event: SendgridEvent): Promise<string | null> {
  if (event.email_id && UUID.test(event.email_id)) {
    const [row] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM email WHERE id = ${event.email_id}::uuid`;
    if (row) return row.id;
  }
  const prefix = messageIdPrefix(event);
  if (!prefix) return null;
  // One X-Message-Id per mail/send request; we send one recipient per request, so it names one email.
  const [row] = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id FROM email WHERE "providerMessageId" = ${prefix} LIMIT 2`;
  return row?.id ?? null;
}

/** Re-derives the email's status from every SendGrid event stored for it (row-locked), and counts a change. */
async function settleStatus(tx: DbTx, emailId: string): Promise<void> {
  const [email] = await tx.$queryRaw<
    { status: EmailStatus; template: string }[]
  >`SELECT status, template FROM email WHERE id = ${emailId}::uuid FOR UPDATE`;
  if (!email) return;
  const rows = await tx.$queryRaw<
    { type: string; variant: string | null; occurredAt: Date; key: string; detail: string | null }[]
  >`
    SELECT type, variant, "occurredAt", "providerEventId" AS key, detail FROM email_event WHERE "emailId" = ${emailId}::uuid AND source = 'sendgrid'`;
  const events: FoldEvent[] = rows.map((r) => ({
    event: r.type,
    type: r.variant,
    timestamp: r.occurredAt.getTime() / 1000,
    key: r.key,
    detail: r.detail,
  }));
  const next = nextStatus(email.status, events);
  if (!next) return;
  const failed = statusRank[next.status] === 3;
  const at = new Date(next.cause.timestamp * 1000);
  await tx.$executeRaw`
    UPDATE email SET status = ${next.status}::"EmailStatus", "statusReason" = ${failed ? (next.cause.detail ?? next.cause.event) : null},
      "sentAt" = COALESCE("sentAt", ${at}), "updatedAt" = now()
    WHERE id = ${emailId}::uuid`;
  await addToSharedCounter(prismaExecutor(tx), EMAILS_TOTAL, {
    template: email.template,
    status: next.status.toLowerCase(),
  });
}

async function recordRejection(
  tx: DbTx,
  raw: unknown,
  issue: { path: PropertyKey[]; message: string } | undefined,
): Promise<void> {
  const problem = issue ? `${issue.path.map(String).join('.') || '(event)'}: ${issue.message}` : 'invalid';
  const event = (JSON.stringify(raw) ?? String(raw)).slice(0, 2000);
  await tx.$executeRaw`INSERT INTO sendgrid_event_rejection (problem, event) VALUES (${problem.slice(0, 500)}, ${event})`;
}
