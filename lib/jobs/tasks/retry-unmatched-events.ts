import { getDb } from '../../db/client';
import { retryUnmatchedEventsJob } from '../../messaging/process-event-job';
import { retryUnmatchedEvents } from '../../messaging/retry-unmatched-events';
import { defineTask } from '../define-task';

/** Re-processes vendor events whose conversation has appeared since they were marked unmatched. */
export const retryUnmatchedEventsTask = defineTask({
  ...retryUnmatchedEventsJob,
  async run(_payload, { log }) {
    const result = await retryUnmatchedEvents(getDb());
    if (result.requeued > 0 || result.stillUnmatched > 0) log.info(result, 'unmatched vendor events swept');
  },
});
