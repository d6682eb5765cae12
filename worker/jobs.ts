import { sendEmail } from '../lib/email/jobs/send-email.handler';
import { replayFallback } from '../lib/fallback/jobs/replay-fallback-messages.handler';
import { notifyIncidentSubscribersJob } from '../lib/incident-subscriptions/jobs/notify-incident-subscribers';
import type { JobDefinition, JobName } from '../lib/jobs/define-job';
import { processVendorEvents } from '../lib/messaging/jobs/process-vendor-events.handler';
import { retryUnmatched } from '../lib/messaging/jobs/retry-unmatched-events.handler';
import { rollUpReportsJob } from '../lib/reports/jobs/roll-up-reports';

/**
 * Every background job the worker runs, registered once. Add a job: declare it with declareJob() in
 * lib/<capability>/jobs/<job>.ts, give it its handler with defineJob() beside it, add its name to JobName
 * (lib/jobs/define-job.ts), then list it here — a JobName missing from this record, or listed under another
 * name, fails to compile.
 */
const registry: { [Name in JobName]: JobDefinition<Name> } = {
  'replay-fallback-messages': replayFallback,
  'process-vendor-events': processVendorEvents,
  'retry-unmatched-events': retryUnmatched,
  'send-email': sendEmail,
  'roll-up-reports': rollUpReportsJob,
  'notify-incident-subscribers': notifyIncidentSubscribersJob,
};

export const jobs: JobDefinition[] = Object.values(registry);
