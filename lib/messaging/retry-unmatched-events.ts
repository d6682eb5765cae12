import type { Db } from '../db/client';
import { enqueue } from '../jobs/enqueue';
import { prismaExecutor } from '../jobs/prisma-executor';
import { UNMATCHED_SWEEP_MS } from './process-vendor-event';
import { processVendorEventsJob } from './jobs/process-vendor-events';
import { retryUnmatchedEventsJob } from './jobs/retry-unmatched-events';

const BATCH = 500;
const KEEP_SWEEPING_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Sends UNMATCHED events whose conversation now exists back to processing. Sweeps again later while unmatched
 * events younger than a week remain. Call it after creating a conversation to pick up its early events at once.
 */
export async function retryUnmatchedEvents(
  db: Db,
  now = new Date(),
): Promise<{ requeued: number; stillUnmatched: number }> {
  return db.$transaction(async (tx) => {
    const ready = await tx.$queryRaw<{ id: string }[]>`
      UPDATE vendor_event e SET status = 'RECEIVED', "lastError" = NULL
      WHERE e.id IN (
        SELECT v.id FROM vendor_event v
        WHERE v.status = 'UNMATCHED'
          AND EXISTS (SELECT 1 FROM conversation c WHERE c.vendor = v.vendor AND c."vendorConversationId" = v."vendorConversationId")
        ORDER BY v."receivedAt" LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
      RETURNING e.id`;
    if (ready.length > 0)
      await enqueue(prismaExecutor(tx), processVendorEventsJob, { eventIds: ready.map((r) => r.id) });
    const stillUnmatched = await tx.vendorEvent.count({
      where: { status: 'UNMATCHED', receivedAt: { gt: new Date(now.getTime() - KEEP_SWEEPING_MS) } },
    });
    if (stillUnmatched > 0 || ready.length === BATCH) {
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
    }
    return { requeued: ready.length, stillUnmatched };
  });
}
