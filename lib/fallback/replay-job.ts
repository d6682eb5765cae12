import { z } from 'zod';
import type { JobSpec, SqlExecutor } from '../jobs/enqueue';
import { enqueue } from '../jobs/enqueue';

/**
 * The replay job's declaration, kept apart from its run() (lib/jobs/tasks/replay-fallback-messages.ts) so that
 * services can enqueue it without importing the worker side. One job per project replays its pending
 * messages in the order they were written.
 */
export const replayFallbackMessagesJob = {
  name: 'replay-fallback-messages',
  payload: z.object({ projectId: z.uuid() }),
  // Vendor failures are rescheduled by the task itself (see replay-schedule.ts); these attempts cover the rest (database down, bugs).
  maxAttempts: 10,
} satisfies JobSpec;

/**
 * Schedules the project's replay at `runAt` (now by default). One pending job per project: scheduling again
 * replaces the pending one, so a sign that the vendor is back pulls a backed-off retry forward.
 */
export async function scheduleReplay(executor: SqlExecutor, projectId: string, runAt?: Date): Promise<void> {
  await enqueue(executor, replayFallbackMessagesJob, { projectId }, { jobKey: `fallback-replay:${projectId}`, jobKeyMode: 'replace', runAt });
}
