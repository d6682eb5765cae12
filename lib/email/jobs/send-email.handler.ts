import { getDb } from '../../db/client';
import type { JobContext } from '../../jobs/define-job';
import { sendQueuedEmail } from '../outbox/send-queued-email';
import { getEmailTransport } from '../transport';

/** Runs the send-email job (./send-email.ts). */
export async function sendEmail({ emailId }: { emailId: string }, { log, attempt, maxAttempts }: JobContext): Promise<void> {
  const outcome = await sendQueuedEmail({ db: getDb(), transport: getEmailTransport(), log }, { emailId, finalAttempt: attempt >= maxAttempts });
  log.info({ emailId, outcome }, 'send-email done');
  if (outcome === 'retry') throw new Error(`email ${emailId}: SendGrid unavailable; retrying later`);
}
