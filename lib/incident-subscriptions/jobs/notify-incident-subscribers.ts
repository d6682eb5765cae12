import { z } from 'zod';
import { notifySubscribers } from '../notify-subscribers';
import { declareJob, defineJob } from '../../jobs/define-job';

/** Emails subscribed staff about new incident timeline entries (opened, updates and notes, resolved). */
export const notifyIncidentSubscribersJob = defineJob(
  declareJob({ name: 'notify-incident-subscribers', payload: z.object({}), maxAttempts: 3, schedule: '* * * * *' }),
  async (_payload, ctx) => {
    await notifySubscribers({ ctx });
  },
);
