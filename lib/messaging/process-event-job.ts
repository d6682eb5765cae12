import { z } from 'zod';
import type { JobSpec } from '../jobs/enqueue';

/**
 * Processes stored vendor events into messages, read state and emails (run by lib/jobs/tasks/process-vendor-events.ts).
 * One job per ingest statement: a webhook request alone, or the requests batched with it under load.
 */
export const processVendorEventsJob = {
  name: 'process-vendor-events',
  payload: z.object({ eventIds: z.array(z.uuid()).min(1).max(1000) }),
  maxAttempts: 10,
} satisfies JobSpec;

/** Looks for unmatched events whose conversation now exists and processes them again. */
export const retryUnmatchedEventsJob = {
  name: 'retry-unmatched-events',
  payload: z.object({}),
  maxAttempts: 5,
} satisfies JobSpec;
