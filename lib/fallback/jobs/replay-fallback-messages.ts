import { z } from 'zod';
import { defineJob } from '../../jobs/define-job';
import { enqueue, type SqlExecutor } from '../../jobs/enqueue';

/**
 * Replays a project's fallback messages into the vendor conversation, in the order they were written; one job
 * per project. When the vendor does not answer, the handler schedules the next run itself (5 s doubling to
 * 2 min, see ../replay-schedule.ts) rather than using the queue's exponential backoff, which would wait hours
 * after a long outage; a `ready` RUM beacon pulls it forward. The handler is loaded when the job runs, since
 * it schedules this job again.
 */
export const replayFallbackMessagesJob = defineJob({
  name: 'replay-fallback-messages',
  payload: z.object({ projectId: z.uuid() }),
  // Vendor failures are rescheduled by the handler (see replay-schedule.ts); these attempts cover the rest (database down, bugs).
  maxAttempts: 10,
  run: async (payload, context) => (await import('./replay-fallback-messages.handler')).replayFallbackMessagesOf(payload, context),
});

/**
 * Schedules the project's replay at `runAt` (now by default). One pending job per project: scheduling again
 * replaces the pending one, so a sign that the vendor is back pulls a backed-off retry forward.
 */
export async function scheduleReplay(executor: SqlExecutor, projectId: string, runAt?: Date): Promise<void> {
  await enqueue(executor, replayFallbackMessagesJob, { projectId }, { jobKey: `fallback-replay:${projectId}`, jobKeyMode: 'replace', runAt });
}
