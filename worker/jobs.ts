import { sendEmailJob } from '../lib/email/jobs/send-email';
import { replayFallbackMessagesJob } from '../lib/fallback/jobs/replay-fallback-messages';
import { notifyIncidentSubscribersJob } from '../lib/incident-subscriptions/jobs/notify-incident-subscribers';
import type { JobDefinition, JobName } from '../lib/jobs/define-job';
import { processVendorEventsJob } from '../lib/messaging/jobs/process-vendor-events';
import { retryUnmatchedEventsJob } from '../lib/messaging/jobs/retry-unmatched-events';
import { rollUpReportsJob } from '../lib/reports/jobs/roll-up-reports';

/**
 * Every background job the worker runs, registered once. Add a job: define it with defineJob() in
 * lib/<capability>/jobs/<job>.ts, add its name to JobName (lib/jobs/define-job.ts), then list it here —
 * a JobName missing from this record, or listed under another name, fails to compile.
 */
const registry: { [Name in JobName]: JobDefinition<Name> } = {
  'replay-fallback-messages': replayFallbackMessagesJob,
  'process-vendor-events': processVendorEventsJob,
  'retry-unmatched-events': retryUnmatchedEventsJob,
  'send-email': sendEmailJob,
  'roll-up-reports': rollUpReportsJob,
  'notify-incident-subscribers': notifyIncidentSubscribersJob,
};

export const jobs: JobDefinition[] = Object.values(registry);
