import { defineJob } from '../../jobs/define-job';
import { prismaExecutor } from '../../jobs/prisma-executor';
import { replayFallbackMessages } from '../replay-fallback-messages';
import { replayFallbackMessagesJob, scheduleReplay } from './replay-fallback-messages';

/**
 * Replays the project's pending fallback messages. When the vendor does not answer, the handler schedules the
 * next run itself (5 s doubling to 2 min, see ../replay-schedule.ts) rather than using the queue's exponential
 * backoff, which would wait hours after a long outage; a `ready` RUM beacon pulls it forward.
 */
export const replayFallback = defineJob(replayFallbackMessagesJob, async ({ projectId }, ctx) => {
  const outcome = await replayFallbackMessages({ ctx, input: { projectId } });
  if (outcome.retryAt) await scheduleReplay(prismaExecutor(ctx.db), projectId, outcome.retryAt);
});
