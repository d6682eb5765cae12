import { defineJob } from '../../jobs/define-job';
import { processVendorEvent, recordProcessingFailure } from '../process-vendor-event';
import { processVendorEventsJob } from './process-vendor-events';

/**
 * Turns stored vendor events into messages, read state and emails, each event in its own transaction. If any
 * fails, the job fails and is retried with backoff; events already processed are skipped then.
 */
export const processVendorEvents = defineJob(processVendorEventsJob, async ({ eventIds }, ctx) => {
  const { db, log, attempt, maxAttempts } = ctx;
  const failed: unknown[] = [];
  for (const eventId of eventIds) {
    try {
      const outcome = await processVendorEvent(ctx, { eventId });
      log.debug({ eventId, outcome }, 'vendor event handled');
    } catch (error) {
      failed.push(error);
      // The event's transaction rolled back; note why on the event so the support trace shows it.
      await recordProcessingFailure(db, { eventId, error, final: attempt >= maxAttempts }).catch((noted: unknown) =>
        log.error({ err: noted, eventId }, 'could not record the processing failure'),
      );
    }
  }
  if (failed.length > 0)
    throw new AggregateError(failed, `${failed.length} of ${eventIds.length} vendor events failed; retrying`);
});
