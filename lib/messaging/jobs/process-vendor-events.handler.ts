import { isDatabaseUnavailable } from '../../db/unavailable';
import { defineJob } from '../../jobs/define-job';
import { processVendorEventBatch } from '../process-event-batch';
import { processVendorEvent, recordProcessingFailure } from '../process-vendor-event';
import { processVendorEventsJob } from './process-vendor-events';

/**
 * Turns stored vendor events into messages, read state and emails: VENDOR_EVENT_BATCH_SIZE events per
 * transaction with set-based SQL (processVendorEventBatch), each batch topped up to that size with other waiting
 * events. A batch that fails for a reason other than the database being away is rolled back and its events are
 * processed one by one, so one bad event fails alone and its failure is noted on it; then the job fails and is
 * retried with backoff (events already processed are skipped then).
 */
export const processVendorEvents = defineJob(processVendorEventsJob, async ({ eventIds }, ctx) => {
  const { db, log, attempt, maxAttempts } = ctx;
  const size = ctx.config.VENDOR_EVENT_BATCH_SIZE;
  const failed: unknown[] = [];
  for (let start = 0; start < eventIds.length; start += size) {
    const chunk = eventIds.slice(start, start + size);
    try {
      await processVendorEventBatch(ctx, { eventIds: chunk, fillTo: size });
      continue;
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw error;
      log.warn({ err: error, events: chunk.length }, 'vendor event batch failed; processing its events one by one');
    }
    for (const eventId of chunk) {
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
  }
  if (failed.length > 0)
    throw new AggregateError(failed, `${failed.length} of ${eventIds.length} vendor events failed; retrying`);
});
