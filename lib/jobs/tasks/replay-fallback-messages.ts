import { appContext } from '../../context';
import { getDb } from '../../db/client';
import { replayFallbackMessages } from '../../fallback/replay-fallback-messages';
import { replayFallbackMessagesJob, scheduleReplay } from '../../fallback/replay-job';
import { defineTask } from '../define-task';
import { prismaExecutor } from '../prisma-executor';

/**
 * Replays a project's fallback messages into the vendor conversation. When the vendor does not answer, the task
 * schedules its own next run (5 s doubling to 2 min, see replay-schedule.ts) rather than using the queue's
 * exponential backoff, which would wait hours after a long outage; a `ready` RUM beacon pulls it forward.
 */
export const replayFallbackMessagesTask = defineTask({
  ...replayFallbackMessagesJob,
  async run({ projectId }, { log }) {
    const outcome = await replayFallbackMessages({ ctx: appContext(log), input: { projectId } });
    if (outcome.retryAt) await scheduleReplay(prismaExecutor(getDb()), projectId, outcome.retryAt);
  },
});
