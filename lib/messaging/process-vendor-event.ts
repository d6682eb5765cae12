import type { Logger } from 'pino';
import { getConfig } from '../config';
import type { Db } from '../db/client';
import type { MessagingSettings } from './handlers/types';
import { lockConversation } from './lock-conversation';
import { settleEvent, type EventRow, type SettleOutcome } from './settle-event';

export { UNMATCHED_SWEEP_MS } from './settle-event';

/** Waits before asking again whether an event's conversation exists (issue 4 creates it when the project page opens). */
export const UNMATCHED_RETRY_DELAYS_MS = [5_000, 15_000, 60_000, 5 * 60_000, 15 * 60_000];

export interface ProcessContext {
  db: Db;
  log: Logger;
  now?: () => Date;
  settings?: MessagingSettings;
  unmatchedRetryDelaysMs?: readonly number[];
}

export type ProcessOutcome = SettleOutcome | 'already-done' | 'missing';

export function messagingSettingsFromConfig(): MessagingSettings {
  const config = getConfig();
  return { unreadDelaySeconds: config.UNREAD_EMAIL_DELAY_SECONDS, appUrl: config.APP_URL };
}

const EVENT_COLUMNS = 'id, vendor, source, status, attempts, normalized';

/**
 * Processes one stored vendor event in one transaction: the kind's handler, then the event's status. Safe to run
 * twice (a redelivered job, a restarted worker): a processed event is left alone and the handlers key everything
 * on vendor ids. Events of one conversation are processed one at a time (advisory lock, taken before any row
 * lock so workers cannot deadlock) and messages in the vendor's order: a message.sent first settles any earlier
 * message.sent of its conversation still waiting, wherever its job is — so "the first message" and the order of a
 * coalesced email do not depend on which worker ran first. An event whose conversation we do not know yet is
 * retried on a schedule, then kept as UNMATCHED and swept again later — never dropped.
 */
export async function processVendorEvent(ctx: ProcessContext, { eventId }: { eventId: string }): Promise<ProcessOutcome> {
  const settle = {
    log: ctx.log,
    now: ctx.now?.() ?? new Date(),
    settings: ctx.settings ?? messagingSettingsFromConfig(),
    unmatchedRetryDelaysMs: ctx.unmatchedRetryDelaysMs ?? UNMATCHED_RETRY_DELAYS_MS,
  };
  return ctx.db.$transaction(
    async (tx) => {
      const [target] = await tx.$queryRaw<{ vendor: string; conversation: string | null; kind: string; occurredAt: Date }[]>`
        SELECT vendor, "vendorConversationId" AS conversation, normalized->>'kind' AS kind, "occurredAt" FROM vendor_event WHERE id = ${eventId}::uuid`;
      if (!target) return 'missing';
      if (target.conversation) await lockConversation(tx, target.vendor, target.conversation);
      const [row] = await tx.$queryRawUnsafe<EventRow[]>(`SELECT ${EVENT_COLUMNS} FROM vendor_event WHERE id = $1::uuid FOR UPDATE`, eventId);
      if (!row || row.status === 'PROCESSED' || row.status === 'IGNORED') return 'already-done';
      // Only once the conversation is known: before that, every message of it waits on its own retry schedule.
      const known = target.kind === 'message.sent' && target.conversation ? await tx.conversation.count({ where: { vendor: target.vendor, vendorConversationId: target.conversation } }) : 0;
      if (known > 0) {
        const earlier = await tx.$queryRawUnsafe<EventRow[]>(
          `SELECT ${EVENT_COLUMNS} FROM vendor_event
           WHERE vendor = $1 AND "vendorConversationId" = $2 AND status = 'RECEIVED' AND normalized->>'kind' = 'message.sent'
             AND "occurredAt" < $3 AND id <> $4::uuid
           ORDER BY "occurredAt", "receivedAt" FOR UPDATE`,
          target.vendor,
          target.conversation,
          target.occurredAt,
          eventId,
        );
        for (const previous of earlier) await settleEvent({ tx, ...settle }, previous);
      }
      return settleEvent({ tx, ...settle }, row);
    },
    { timeout: 30_000 },
  );
}

/** Records a processing failure on the event (visible in the support trace); FAILED once the job has no attempts left. */
export async function recordProcessingFailure(db: Db, input: { eventId: string; error: unknown; final: boolean }): Promise<void> {
  const message = input.error instanceof Error ? `${input.error.name}: ${input.error.message}` : String(input.error);
  await db.vendorEvent.updateMany({
    where: { id: input.eventId, status: { in: ['RECEIVED', 'UNMATCHED'] } },
    data: { lastError: message.slice(0, 1000), attempts: { increment: 1 }, ...(input.final ? { status: 'FAILED' } : {}) },
  });
}
