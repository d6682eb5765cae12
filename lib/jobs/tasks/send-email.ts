import { getDb } from '../../db/client';
import { getEmailTransport } from '../../email/transport';
import { sendEmailJob } from '../../email/outbox/send-email-job';
import { sendQueuedEmail } from '../../email/outbox/send-queued-email';
import { defineTask } from '../define-task';

/** Sends one queued email (lib/email/outbox). Throws to be retried with backoff while SendGrid is unavailable. */
export const sendEmailTask = defineTask({
  ...sendEmailJob,
  async run({ emailId }, { log, attempt, maxAttempts }) {
    const outcome = await sendQueuedEmail({ db: getDb(), transport: getEmailTransport(), log }, { emailId, finalAttempt: attempt >= maxAttempts });
    log.info({ emailId, outcome }, 'send-email done');
    if (outcome === 'retry') throw new Error(`email ${emailId}: SendGrid unavailable; retrying later`);
  },
});
