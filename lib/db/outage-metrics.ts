import { addToSharedCounter } from '../metrics/shared-counters';
import type { SqlExecutor } from '../jobs/enqueue';
import type { OutageRecorder } from './outage';

/** Names of the shared counters a finished outage adds to (served by /api/metrics, README § Metrics). */
export const OUTAGES_TOTAL = 'database_outages_total';
export const OUTAGE_SECONDS_TOTAL = 'database_outage_seconds_total';

/** An OutageRecorder that counts each finished outage, per process, in metric_counter. */
export function sharedCounterOutageRecorder(executor: SqlExecutor): OutageRecorder {
  return async ({ process, seconds }) => {
    await addToSharedCounter(executor, OUTAGES_TOTAL, { process });
    await addToSharedCounter(executor, OUTAGE_SECONDS_TOTAL, { process }, seconds);
  };
}
