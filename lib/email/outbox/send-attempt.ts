import type { EmailAttemptState } from '../../db/generated/enums';
import type { Db } from '../../db/client';
import type { DbTx } from '../../db/tx';

/**
 * The per-attempt record of the send state machine (table email_send_attempt, docs/webhooks-and-email.md › The
 * send state machine). One row per mail/send request of an email, keyed (emailId, attempt):
 *
 *   CLAIMED ──(committed just before the request leaves)──▶ HANDING_OVER ──▶ ACCEPTED | REFUSED | NOT_SENT | UNKNOWN
 *      └──(found by a later run: the request never left)──▶ NOT_SENT
 *
 * Why two writes around the request: SendGrid's mail/send has no idempotency key, so a request that may have
 * reached it must never be sent again blindly; one that provably never left must be. The SENDING mark alone cannot
 * tell these apart when a worker dies or loses its connection between the claim and the request.
 */

/** What a later run finds of an email left SENDING: the state of its last attempt (null: no row, written before this table existed). */
export async function lastAttemptState(tx: DbTx, emailId: string, attempt: number): Promise<EmailAttemptState | null> {
  const [row] = await tx.$queryRaw<{ state: EmailAttemptState }[]>`
    SELECT state FROM email_send_attempt WHERE "emailId" = ${emailId}::uuid AND attempt = ${attempt} FOR UPDATE`;
  return row?.state ?? null;
}

/** Phase 1, in the claim's transaction: the attempt exists and has not left. */
export async function recordClaimedAttempt(tx: DbTx, emailId: string, attempt: number, now: Date): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO email_send_attempt ("emailId", attempt, state, "claimedAt") VALUES (${emailId}::uuid, ${attempt}, 'CLAIMED', ${now})
    ON CONFLICT ("emailId", attempt) DO NOTHING`;
}

/**
 * Phase 2, its own commit right before the request: from here on the request may reach SendGrid. Throws the
 * driver's error when the database is away; the caller must then NOT send (the attempt stays CLAIMED, and the
 * next run sends it). If this commit succeeded but its answer was lost, the attempt reads HANDING_OVER and is held:
 * the safe side, as a duplicate cannot be taken back.
 */
export async function markHandingOver(db: Db, emailId: string, attempt: number, now: Date): Promise<void> {
  const changed = await db.$executeRaw`
    UPDATE email_send_attempt SET state = 'HANDING_OVER', "handedOverAt" = ${now}
    WHERE "emailId" = ${emailId}::uuid AND attempt = ${attempt} AND state = 'CLAIMED'`;
  if (changed !== 1) throw new Error(`email ${emailId} attempt ${attempt} is no longer claimed; not sending it`);
}

/**
 * Phase 3 (or recovery), in the caller's transaction: what the attempt came to. Only an open attempt changes;
 * returns false when it was settled already (a retried record whose first commit had gone through).
 */
export async function settleAttempt(
  tx: DbTx,
  input: { emailId: string; attempt: number; state: EmailAttemptState; detail: string | null; now: Date },
): Promise<boolean> {
  const changed = await tx.$executeRaw`
    UPDATE email_send_attempt SET state = ${input.state}::"EmailAttemptState", detail = ${input.detail}, "settledAt" = ${input.now}
    WHERE "emailId" = ${input.emailId}::uuid AND attempt = ${input.attempt} AND state IN ('CLAIMED', 'HANDING_OVER')`;
  return changed === 1;
}
