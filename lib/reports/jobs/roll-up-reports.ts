import { z } from 'zod';
import { rollUpSettledDays } from '../rollup/roll-up-settled-days';
import { declareJob, defineJob } from '../../jobs/define-job';

/**
 * Rolls up settled days for the reports (lib/reports/rollup). Usually a no-op; the first run after midnight
 * adds a day. Reports stay correct without it (unrolled days are read raw), only slower.
 */
export const rollUpReportsJob = defineJob(
  declareJob({
    name: 'roll-up-reports',
    // graphile-worker adds its _cron details to the payload; nothing else is read.
    payload: z.object({}),
    maxAttempts: 3,
    schedule: '*/10 * * * *',
  }),
  async (_payload, { db, log, clock }) => {
    const days = await rollUpSettledDays({ db, log, now: clock.now() });
    if (days.length > 0) log.info({ days: days.length, first: days[0], last: days.at(-1) }, 'reports roll-up done');
  },
);
