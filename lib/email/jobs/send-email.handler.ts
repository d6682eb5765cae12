import { extendContext } from '../../context';
import { defineJob } from '../../jobs/define-job';
import { sendQueuedEmail } from '../outbox/send-queued-email';
import { getEmailTransport } from '../transport';
import { sendEmailJob } from './send-email';

/** Sends the queued email. Throws to be retried with backoff while SendGrid is unavailable. */
export const sendEmail = defineJob(sendEmailJob, async ({ emailId }, ctx) => {
  const { log, attempt, maxAttempts } = ctx;
  const outcome = await sendQueuedEmail(extendContext(ctx, { transport: getEmailTransport() }), {
    emailId,
    finalAttempt: attempt >= maxAttempts,
  });
  log.info({ emailId, outcome }, 'send-email done');
  if (outcome === 'retry') throw new Error(`email ${emailId}: SendGrid unavailable; retrying later`);
});
