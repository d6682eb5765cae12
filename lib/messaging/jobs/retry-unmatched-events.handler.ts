import { defineJob } from '../../jobs/define-job';
import { retryUnmatchedEvents } from '../retry-unmatched-events';
import { retryUnmatchedEventsJob } from './retry-unmatched-events';

/** Re-processes vendor events whose conversation has appeared since they were marked unmatched. */
export const retryUnmatched = defineJob(retryUnmatchedEventsJob, async (_payload, { db, log, clock }) => {
  const result = await retryUnmatchedEvents(db, clock.now());
  if (result.requeued > 0 || result.stillUnmatched > 0) log.info(result, 'unmatched vendor events swept');
});
