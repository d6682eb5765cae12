import { z } from 'zod';
import { defineJob } from '../../jobs/define-job';

/**
 * Turns stored vendor events into messages, read state and emails (lib/messaging), each event in its own
 * transaction. One job per ingest statement: a webhook request alone, or the requests batched with it under
 * load. The handler is loaded when the job runs: processing may enqueue this job again (a delayed retry).
 */
export const processVendorEventsJob = defineJob({
  name: 'process-vendor-events',
  payload: z.object({ eventIds: z.array(z.uuid()).min(1).max(1000) }),
  maxAttempts: 10,
  run: async (payload, context) => (await import('./process-vendor-events.handler')).processVendorEvents(payload, context),
});
