import type { TaskDefinition } from '../define-task';
import { processVendorEventsTask } from './process-vendor-events';
import { notifyIncidentSubscribersTask } from './notify-incident-subscribers';
import { replayFallbackMessagesTask } from './replay-fallback-messages';
import { retryUnmatchedEventsTask } from './retry-unmatched-events';
import { rollUpReportsTask } from './roll-up-reports';
import { sendEmailTask } from './send-email';

/**
 * Every background job the worker runs, registered once. Add a task: write lib/jobs/tasks/<name>.ts
 * with defineTask(), then list it here.
 */
export const tasks: TaskDefinition[] = [replayFallbackMessagesTask, processVendorEventsTask, retryUnmatchedEventsTask, sendEmailTask, rollUpReportsTask, notifyIncidentSubscribersTask];
