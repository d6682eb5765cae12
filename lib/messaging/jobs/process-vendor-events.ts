import { z } from 'zod';
import { declareJob } from '../../jobs/define-job';

/**
 * Processes stored vendor events into messages, read state and emails; handled by
 * ./process-vendor-events.handler.ts. One job per ingest statement: a webhook request alone, or the requests
 * batched with it under load.
 */
export const processVendorEventsJob = declareJob({
  name: 'process-vendor-events',
  payload: z.object({ eventIds: z.array(z.uuid()).min(1).max(1000) }),
  maxAttempts: 10,
});
