import { z } from 'zod';
import { defineJob } from '../../jobs/define-job';

/**
 * Sends one queued email (lib/email/outbox). Throws to be retried with backoff while SendGrid is unavailable.
 * The handler is loaded when the job runs (as documenso's job definitions do): sending may enqueue this job
 * again (quiet hours), so a static import of the handler would close an import cycle.
 */
export const sendEmailJob = defineJob({
  name: 'send-email',
  payload: z.object({ emailId: z.uuid() }),
  // graphile-worker backs off exponentially (e^min(attempt,10) seconds): 12 attempts ride out about 16 hours of SendGrid outage.
  maxAttempts: 12,
  run: async (payload, context) => (await import('./send-email.handler')).sendEmail(payload, context),
});
