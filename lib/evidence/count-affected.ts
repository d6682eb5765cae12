import type { Db } from '../db/client';

/** A webhook may go missing shortly before the first failed run shows the outage (as the monitor attributes them). */
export const AFFECTED_LEAD_MS = 2 * 60_000;
/** An email sent this long after it was due counts as delayed. */
export const EMAIL_DELAY_THRESHOLD_MS = 2 * 60_000;

export interface AffectedCounts {
  /** Real (non-synthetic) conversations with a message, a missing webhook or a delayed email in the window. */
  conversations: number;
  /** Real messages sent during the window. */
  messages: number;
  /** Of those, the ones whose webhook never arrived (found and backfilled by reconciliation). */
  webhooksMissing: number;
  /** Emails to real users due in the window that went out late, failed, or are still waiting. */
  emailsDelayed: number;
  windowFrom: Date;
  windowTo: Date;
}

/**
 * How many real conversations and messages an outage touched. Canary traffic is left out: a conversation is
 * real when neither of its project's members is the synthetic user.
 */
export async function countAffected(
  db: Db,
  incident: { startedAt: Date; recoveredAt: Date | null },
  now: Date,
): Promise<AffectedCounts> {
  const windowFrom = new Date(incident.startedAt.getTime() - AFFECTED_LEAD_MS);
  const windowTo = incident.recoveredAt ?? now;
  const [row] = await db.$queryRaw<{ conversations: number; messages: number; missing: number; delayed: number }[]>`
    WITH real_conversation AS (
      SELECT c.id FROM conversation c
      JOIN project p ON p.id = c."projectId"
      JOIN "user" client ON client.id = p."clientId"
      JOIN "user" designer ON designer.id = p."designerId"
      WHERE client.role <> 'SYNTHETIC' AND designer.role <> 'SYNTHETIC'
    ),
    msgs AS (
      SELECT m."conversationId", m.source FROM message m
      WHERE m."sentAt" >= ${windowFrom} AND m."sentAt" < ${windowTo} AND m."conversationId" IN (SELECT id FROM real_conversation)
    ),
    late AS (
      SELECT e."conversationId" FROM email e
      JOIN "user" u ON u.id = e."toUserId"
      WHERE e."sendAt" >= ${windowFrom} AND e."sendAt" < ${windowTo} AND u.role <> 'SYNTHETIC' AND e.status <> 'CANCELLED'
        AND (e.status IN ('QUEUED', 'SENDING', 'UNCONFIRMED', 'FAILED', 'BOUNCED', 'BLOCKED', 'DROPPED')
             OR e."sentAt" - e."sendAt" > ${EMAIL_DELAY_THRESHOLD_MS} * interval '1 millisecond')
    )
    SELECT
      (SELECT count(DISTINCT id)::int FROM (SELECT "conversationId" AS id FROM msgs UNION SELECT "conversationId" FROM late WHERE "conversationId" IS NOT NULL) ids) AS conversations,
      (SELECT count(*)::int FROM msgs) AS messages,
      (SELECT count(*)::int FROM msgs WHERE source = 'RECONCILED') AS missing,
      (SELECT count(*)::int FROM late) AS delayed`;
  return {
    conversations: row?.conversations ?? 0,
    messages: row?.messages ?? 0,
    webhooksMissing: row?.missing ?? 0,
    emailsDelayed: row?.delayed ?? 0,
    windowFrom,
    windowTo,
  };
}
