import type { ServiceContext } from '../context';
import { VendorApiError } from '../chat-provider/errors';
import { ensureVendorConversation } from '../chat-provider/ensure-vendor-conversation';
import { nextReplayDelayMs, shouldGiveUp } from './replay-schedule';

export interface ReplayOutcome {
  replayed: number;
  failed: number;
  /** Set when the vendor did not answer: run again then. */
  retryAt: Date | null;
}

/** The idempotency key every replay of a fallback message uses: the vendor keeps one message per key. */
export const replayKey = (fallbackMessageId: string) => `fallback:${fallbackMessageId}`;

const describe = (error: unknown) =>
  error instanceof VendorApiError
    ? `${error.status ?? 'no response'}${error.vendorCode ? ` ${error.vendorCode}` : ''}: ${error.message}`.slice(
        0,
        500,
      )
    : 'unexpected error';

/**
 * Sends a project's pending fallback messages into its vendor conversation, oldest first, stopping at the first
 * failure the vendor may recover from (so order is kept). Safe to run twice at once: the vendor deduplicates
 * by `fallback:<id>` and the status update is idempotent.
 */
export async function replayFallbackMessages({
  ctx,
  input,
}: {
  ctx: Pick<ServiceContext, 'db' | 'vendor' | 'log' | 'clock'>;
  input: { projectId: string };
}): Promise<ReplayOutcome> {
  const now = () => ctx.clock.now();
  const pending = await ctx.db.fallbackMessage.findMany({
    where: { projectId: input.projectId, status: 'PENDING' },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  const outcome: ReplayOutcome = { replayed: 0, failed: 0, retryAt: null };
  if (pending.length === 0) return outcome;

  const postpone = async (error: unknown, messages: typeof pending) => {
    const first = messages[0]!;
    const retryAfterMs = error instanceof VendorApiError ? error.retryAfterMs : null;
    const retryAt = new Date(now().getTime() + nextReplayDelayMs(first.attempts + 1, retryAfterMs));
    let gaveUp = 0;
    for (const message of messages) {
      const giveUp = shouldGiveUp(message.createdAt, now());
      await ctx.db.fallbackMessage.updateMany({
        where: { id: message.id, status: 'PENDING' },
        data: giveUp
          ? {
              status: 'FAILED',
              attempts: { increment: 1 },
              lastError: `gave up after 24 h: ${describe(error)}`,
              nextAttemptAt: null,
            }
          : { attempts: { increment: 1 }, lastError: describe(error), nextAttemptAt: retryAt },
      });
      if (giveUp) gaveUp++;
    }
    outcome.failed += gaveUp;
    outcome.retryAt = gaveUp === messages.length ? null : retryAt;
    ctx.log.warn(
      { projectId: input.projectId, pending: messages.length, retryAt, err: error },
      'fallback replay postponed: the vendor did not answer',
    );
  };

  try {
    await ensureVendorConversation({ ctx, input: { projectId: input.projectId } });
  } catch (error) {
    if (!(error instanceof VendorApiError)) throw error;
    await postpone(error, pending);
    return outcome;
  }

  for (const [index, message] of pending.entries()) {
    try {
      const sent = await ctx.vendor.sendMessage({
        conversationId: message.projectId,
        senderId: message.senderId,
        text: message.text,
        idempotencyKey: replayKey(message.id),
      });
      await ctx.db.fallbackMessage.updateMany({
        where: { id: message.id, status: 'PENDING' },
        data: {
          status: 'REPLAYED',
          vendorMessageId: sent.id,
          replayedAt: now(),
          attempts: { increment: 1 },
          lastError: null,
          nextAttemptAt: null,
        },
      });
      outcome.replayed++;
    } catch (error) {
      if (!(error instanceof VendorApiError)) throw error;
      if (error.retryable) {
        await postpone(error, pending.slice(index));
        return outcome;
      }
      // The vendor refuses this message for good (e.g. a 4xx); the email already carried it. Keep going with the rest.
      await ctx.db.fallbackMessage.updateMany({
        where: { id: message.id, status: 'PENDING' },
        data: { status: 'FAILED', attempts: { increment: 1 }, lastError: describe(error), nextAttemptAt: null },
      });
      outcome.failed++;
      ctx.log.error(
        { projectId: input.projectId, fallbackMessageId: message.id, err: error },
        'fallback message refused by the vendor; marked FAILED',
      );
    }
  }
  ctx.log.info(
    { projectId: input.projectId, replayed: outcome.replayed, failed: outcome.failed },
    'fallback messages replayed',
  );
  return outcome;
}
