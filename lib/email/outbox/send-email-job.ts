import { z } from 'zod';
import type { JobSpec } from '../../jobs/enqueue';

/** The job that sends one queued email (run by lib/jobs/tasks/send-email.ts). Declared apart from its run() so the outbox can enqueue it without an import cycle. */
export const sendEmailJob = {
  name: 'send-email',
  payload: z.object({ emailId: z.uuid() }),
  // graphile-worker backs off exponentially (e^min(attempt,10) seconds): 12 attempts ride out about 16 hours of SendGrid outage.
  maxAttempts: 12,
} satisfies JobSpec;
