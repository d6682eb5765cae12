import { z } from 'zod';
import { declareJob } from '../../jobs/define-job';

/** Sends one queued email (lib/email/outbox); handled by ./send-email.handler.ts. */
export const sendEmailJob = declareJob({
  name: 'send-email',
  payload: z.object({ emailId: z.uuid() }),
  // graphile-worker backs off exponentially (e^min(attempt,10) seconds): 12 attempts ride out about 16 hours of SendGrid outage.
  maxAttempts: 12,
});
