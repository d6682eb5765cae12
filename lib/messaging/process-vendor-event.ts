import type { Logger } from 'pino';
import type { ServiceContext } from '../context';
import type { Config } from '../config';
import type { Db } from '../db/client';
import { lockConversation } from './lock-conversation';
import type { VendorEventSource, VendorEventStatus } from '../db/generated/enums';
import type { DbTx } from '../db/tx';
import { enqueue } from '../jobs/enqueue';
import { prismaExecutor } from '../jobs/prisma-executor';
import { eventHandlers } from './handlers';
import type { EventHandler, MessagingSettings } from './handlers/types';
import { processVendorEventsJob } from './jobs/process-vendor-events';
import { retryUnmatchedEventsJob } from './jobs/retry-unmatched-events';
import { parseStoredEvent } from './stored-event';

/** Unmatched events are looked at again this often, for a week. */
export const UNMATCHED_SWEEP_MS = 5 * 60_000;

export interface EventRow {
  id: string;
  vendor: string;
  source: VendorEventSource;
  status: VendorEventStatus;
  attempts: number;
  normalized: unknown;
}

export type SettleOutcome = 'processed' | 'unmatched-retry' | 'unmatched';

/** A transaction context: the event's own transaction (`tx`), not the root client, so it stays apart from ServiceContext. */
export interface SettleContext {
  tx: DbTx;
  log: Logger;
  now: Date;
  settings: MessagingSettings;
  unmatchedRetryDelaysMs: readonly number[];
}

/**
 * Runs the handler of one locked, unprocessed event and records the outcome on it: PROCESSED; or, when its
 * conversation is not known yet, RECEIVED with a retry job after the next delay, then UNMATCHED (swept again later).
 */
export async function settleEvent(
  { tx, log, now, settings, unmatchedRetryDelaysMs }: SettleContext,
  row: EventRow,
): Promise<SettleOutcome> {
  const event = parseStoredEvent(row.normalized);
  const handler = eventHandlers[event.kind] as EventHandler<typeof event.kind>;
  const result = await handler({ tx, event, vendor: row.vendor, source: row.source, now, settings });
  const attempts = row.attempts + 1;
  if (result.kind === 'processed') {
    await tx.vendorEvent.update({
      where: { id: row.id },
      data: { status: 'PROCESSED', processedAt: now, attempts, lastError: null },
    });
    log.debug({ eventId: row.id, kind: event.kind, note: result.note }, 'vendor event processed');
    return 'processed';
  }
  const delay = unmatchedRetryDelaysMs[attempts - 1];
  if (delay !== undefined) {
    await tx.vendorEvent.update({
      where: { id: row.id },
      data: { status: 'RECEIVED', attempts, lastError: `${result.reason}; retrying in ${Math.round(delay / 1000)} s` },
    });
    await enqueue(
      prismaExecutor(tx),
      processVendorEventsJob,
      { eventIds: [row.id] },
      { runAt: new Date(now.getTime() + delay) },
    );
    return 'unmatched-retry';
  }
  await tx.vendorEvent.update({
    where: { id: row.id },
    data: { status: 'UNMATCHED', attempts, lastError: result.reason },
  });
  await enqueue(
    prismaExecutor(tx),
    retryUnmatchedEventsJob,
    {},
    {
      runAt: new Date(now.getTime() + UNMATCHED_SWEEP_MS),
      jobKey: retryUnmatchedEventsJob.name,
      jobKeyMode: 'preserve_run_at',
    },
  );
  log.warn(
    { eventId: row.id, kind: event.kind, reason: result.reason },
    'vendor event unmatched; kept and swept again later',
  );
  return 'unmatched';
}

/** Waits before asking again whether an event's conversation exists (issue 4 creates it when the project page opens). */
export const UNMATCHED_RETRY_DELAYS_MS = [5_000, 15_000, 60_000, 5 * 60_000, 15 * 60_000];

/** The service context (the time from its clock, settings from its config), and what tests may pin (settings, retry delays). */
export interface ProcessContext extends Pick<ServiceContext, 'db' | 'log' | 'clock' | 'config'> {
  settings?: MessagingSettings;
  unmatchedRetryDelaysMs?: readonly number[];
}

export type ProcessOutcome = SettleOutcome | 'already-done' | 'missing';

export function messagingSettingsFromConfig(config: Config): MessagingSettings {
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
export async function processVendorEvent(
  ctx: ProcessContext,
  { eventId }: { eventId: string },
): Promise<ProcessOutcome> {
  const settle = {
    log: ctx.log,
    now: ctx.clock.now(),
    settings: ctx.settings ?? messagingSettingsFromConfig(ctx.config),
    unmatchedRetryDelaysMs: ctx.unmatchedRetryDelaysMs ?? UNMATCHED_RETRY_DELAYS_MS,
  };
  return ctx.db.$transaction(
    async (tx) => {
      const [target] = await tx.$queryRaw<
        { vendor: string; conversation: string | null; kind: string; occurredAt: Date }[]
      >`
        SELECT vendor, "vendorConversationId" AS conversation, normalized->>'kind' AS kind, "occurredAt" FROM vendor_event WHERE id = ${eventId}::uuid`;
      if (!target) return 'missing';
      if (target.conversation) await lockConversation(tx, target.vendor, target.conversation);
      const [row] = await tx.$queryRawUnsafe<EventRow[]>(
        `SELECT ${EVENT_COLUMNS} FROM vendor_event WHERE id = $1::uuid FOR UPDATE`,
        eventId,
      );
      if (!row || row.status === 'PROCESSED' || row.status === 'IGNORED') return 'already-done';
      // Only once the conversation is known: before that, every message of it waits on its own retry schedule.
      const known =
        target.kind === 'message.sent' && target.conversation
          ? await tx.conversation.count({ where: { vendor: target.vendor, vendorConversationId: target.conversation } })
          : 0;
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
export async function recordProcessingFailure(
  db: Db,
  input: { eventId: string; error: unknown; final: boolean },
): Promise<void> {
  const message = input.error instanceof Error ? `${input.error.name}: ${input.error.message}` : String(input.error);
  await db.vendorEvent.updateMany({
    where: { id: input.eventId, status: { in: ['RECEIVED', 'UNMATCHED'] } },
    data: {
      lastError: message.slice(0, 1000),
      attempts: { increment: 1 },
      ...(input.final ? { status: 'FAILED' } : {}),
    },
  });
}
