import { z } from 'zod';
import { declareJob } from '../../jobs/define-job';
import { enqueue, type SqlExecutor } from '../../jobs/enqueue';

/**
 * Replays a project's fallback messages into the vendor conversation, in the order they were written; one job
 * per project. Handled by ./replay-fallback-messages.handler.ts.
 */
export const replayFallbackMessagesJob = declareJob({
  name: 'replay-fallback-messages',
  payload: z.object({ projectId: z.uuid() }),
  // Vendor failures are rescheduled by the handler (see replay-schedule.ts); these attempts cover the rest (database down, bugs).
  maxAttempts: 10,
});

/**
 * Schedules the project's replay at `runAt` (now by default). One pending job per project: scheduling again
 * replaces the pending one, so a sign that the vendor is back pulls a backed-off retry forward.
 */
export async function scheduleReplay(executor: SqlExecutor, projectId: string, runAt?: Date): Promise<void> {
  await enqueue(
    executor,
    replayFallbackMessagesJob,
    { projectId },
    { jobKey: `fallback-replay:${projectId}`, jobKeyMode: 'replace', runAt },
  );
}
