import { z } from 'zod';
import { declareJob } from '../../jobs/define-job';

/** Looks for unmatched events whose conversation now exists and processes them again; handled by ./retry-unmatched-events.handler.ts. */
export const retryUnmatchedEventsJob = declareJob({
  name: 'retry-unmatched-events',
  payload: z.object({}),
  maxAttempts: 5,
});
