import type { Logger } from 'pino';
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
export async function settleEvent({ tx, log, now, settings, unmatchedRetryDelaysMs }: SettleContext, row: EventRow): Promise<SettleOutcome> {
  const event = parseStoredEvent(row.normalized);
  const handler = eventHandlers[event.kind] as EventHandler<typeof event.kind>;
  const result = await handler({ tx, event, vendor: row.vendor, source: row.source, now, settings });
  const attempts = row.attempts + 1;
  if (result.kind === 'processed') {
    await tx.vendorEvent.update({ where: { id: row.id }, data: { status: 'PROCESSED', processedAt: now, attempts, lastError: null } });
    log.debug({ eventId: row.id, kind: event.kind, note: result.note }, 'vendor event processed');
    return 'processed';
  }
  const delay = unmatchedRetryDelaysMs[attempts - 1];
  if (delay !== undefined) {
    await tx.vendorEvent.update({ where: { id: row.id }, data: { status: 'RECEIVED', attempts, lastError: `${result.reason}; retrying in ${Math.round(delay / 1000)} s` } });
    await enqueue(prismaExecutor(tx), processVendorEventsJob, { eventIds: [row.id] }, { runAt: new Date(now.getTime() + delay) });
    return 'unmatched-retry';
  }
  await tx.vendorEvent.update({ where: { id: row.id }, data: { status: 'UNMATCHED', attempts, lastError: result.reason } });
  await enqueue(prismaExecutor(tx), retryUnmatchedEventsJob, {}, { runAt: new Date(now.getTime() + UNMATCHED_SWEEP_MS), jobKey: retryUnmatchedEventsJob.name, jobKeyMode: 'preserve_run_at' });
  log.warn({ eventId: row.id, kind: event.kind, reason: result.reason }, 'vendor event unmatched; kept and swept again later');
  return 'unmatched';
}
