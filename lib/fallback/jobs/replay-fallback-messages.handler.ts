import { appContext } from '../../context';
import { getDb } from '../../db/client';
import type { JobContext } from '../../jobs/define-job';
import { prismaExecutor } from '../../jobs/prisma-executor';
import { replayFallbackMessages } from '../replay-fallback-messages';
import { scheduleReplay } from './replay-fallback-messages';

/** Runs the replay-fallback-messages job (./replay-fallback-messages.ts). */
export async function replayFallbackMessagesOf({ projectId }: { projectId: string }, { log }: JobContext): Promise<void> {
  const outcome = await replayFallbackMessages({ ctx: appContext(log), input: { projectId } });
  if (outcome.retryAt) await scheduleReplay(prismaExecutor(getDb()), projectId, outcome.retryAt);
}
