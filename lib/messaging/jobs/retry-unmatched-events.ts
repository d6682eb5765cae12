import { z } from 'zod';
import { getDb } from '../../db/client';
import { defineJob } from '../../jobs/define-job';

/**
 * Re-processes vendor events whose conversation has appeared since they were marked unmatched. The handler
 * (../retry-unmatched-events.ts) is loaded when the job runs: it enqueues this job again while events wait.
 */
export const retryUnmatchedEventsJob = defineJob({
  name: 'retry-unmatched-events',
  payload: z.object({}),
  maxAttempts: 5,
  async run(_payload, { log }) {
    const { retryUnmatchedEvents } = await import('../retry-unmatched-events');
    const result = await retryUnmatchedEvents(getDb());
    if (result.requeued > 0 || result.stillUnmatched > 0) log.info(result, 'unmatched vendor events swept');
  },
});
