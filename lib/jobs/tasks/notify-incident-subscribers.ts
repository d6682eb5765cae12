import { z } from 'zod';
import { getConfig } from '../../config';
import { getDb } from '../../db/client';
import { notifySubscribers } from '../../incident-subscriptions/notify-subscribers';
import { defineTask } from '../define-task';

/** Emails subscribed staff about new incident timeline entries (opened, updates and notes, resolved). */
export const notifyIncidentSubscribersTask = defineTask({
  name: 'notify-incident-subscribers',
  payload: z.object({}),
  maxAttempts: 3,
  schedule: '* * * * *',
  async run(_payload, { log }) {
    await notifySubscribers({ db: getDb(), log, appUrl: getConfig().APP_URL });
  },
});
