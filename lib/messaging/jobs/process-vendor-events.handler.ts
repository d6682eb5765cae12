import { getDb } from '../../db/client';
import type { JobContext } from '../../jobs/define-job';
import { processVendorEvent, recordProcessingFailure } from '../process-vendor-event';

/**
 * Runs the process-vendor-events job (./process-vendor-events.ts). If any event fails, the job fails and is
 * retried with backoff; events already processed are skipped then.
 */
export async function processVendorEvents({ eventIds }: { eventIds: string[] }, { log, attempt, maxAttempts }: JobContext): Promise<void> {
  const db = getDb();
  const failed: unknown[] = [];
  for (const eventId of eventIds) {
    try {
      const outcome = await processVendorEvent({ db, log }, { eventId });
      log.debug({ eventId, outcome }, 'vendor event handled');
    } catch (error) {
      failed.push(error);
      // The event's transaction rolled back; note why on the event so the support trace shows it.
      await recordProcessingFailure(db, { eventId, error, final: attempt >= maxAttempts }).catch((noted: unknown) => log.error({ err: noted, eventId }, 'could not record the processing failure'));
    }
  }
  if (failed.length > 0) throw new AggregateError(failed, `${failed.length} of ${eventIds.length} vendor events failed; retrying`);
}
