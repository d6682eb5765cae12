import { z } from 'zod';
import type { SessionUser } from '../auth/session';
import type { ServiceContext } from '../context';
import { FALLBACK_CAUSES } from '../chat-provider/fallback-cause';
import { ValidationError } from '../errors';
import { scheduleReplay } from '../fallback/jobs/replay-fallback-messages';
import { prismaExecutor } from '../jobs/prisma-executor';
import { chatEmbedLoads, chatEmbedLoadSeconds } from '../metrics/app-metrics';
import { getProjectForMember } from '../projects/get-project-for-viewer';

export const chatEmbedBeaconInput = z.object({
  /** Chosen by the browser per attempt; a beacon sent twice is counted once. */
  attemptId: z.uuid(),
  projectId: z.string().max(64),
  result: z.enum(['ready', 'timeout', 'error']),
  /** From the start of the attempt to its outcome. */
  loadMs: z.number().int().min(0).max(600_000),
  retry: z.boolean().default(false),
  detail: z.string().max(2_000).optional(),
  /**
   * Whose part failed, for a failed attempt (lib/chat-provider/fallback-cause.ts): the vendor's UI (an embed that
   * did not start), or the server could not open the chat — the vendor's API, or ours. Absent: the vendor's UI
   * (beacons of pages older than the field).
   */
  cause: z.enum(FALLBACK_CAUSES).optional(),
});

const RESULT = { ready: 'READY', timeout: 'TIMEOUT', error: 'ERROR' } as const;

/**
 * Records one real user's chat embed attempt: a row for the status dashboard and the chat_embed_* metrics.
 * A `ready` is also proof that the vendor answers again, so the project's pending fallback replay runs now.
 */
export async function recordChatEmbedBeacon({
  ctx,
  input,
}: {
  ctx: Pick<ServiceContext, 'db' | 'log' | 'vendor'>;
  input: { viewer: SessionUser; body: unknown };
}): Promise<{ recorded: boolean }> {
  const parsed = chatEmbedBeaconInput.safeParse(input.body);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error, 'Malformed beacon.');
  const beacon = parsed.data;
  const project = await getProjectForMember({ ctx, input: { projectId: beacon.projectId, viewer: input.viewer } });

  const recorded = await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.chatEmbedBeacon.createMany({
      data: [
        {
          id: beacon.attemptId,
          projectId: project.id,
          userId: input.viewer.id,
          vendor: ctx.vendor.name,
          result: RESULT[beacon.result],
          loadMs: beacon.loadMs,
          retry: beacon.retry,
          detail: beacon.detail?.slice(0, 300),
        },
      ],
      skipDuplicates: true,
    });
    if (count === 1 && beacon.result === 'ready') {
      const pending = await tx.fallbackMessage.count({ where: { projectId: project.id, status: 'PENDING' } });
      if (pending > 0) await scheduleReplay(prismaExecutor(tx), project.id);
    }
    return count === 1;
  });

  if (recorded) {
    // By cause, so the vendor-UI alert (ChatEmbedFailuresRUM) counts only the loads the vendor's UI got to fail.
    const cause = beacon.result === 'ready' ? 'none' : (beacon.cause ?? 'vendor-ui');
    chatEmbedLoads().inc({ result: beacon.result, cause });
    if (beacon.result === 'ready') chatEmbedLoadSeconds().observe(beacon.loadMs / 1000);
    if (beacon.result !== 'ready')
      ctx.log.warn(
        {
          projectId: project.id,
          result: beacon.result,
          loadMs: beacon.loadMs,
          retry: beacon.retry,
          cause,
          detail: beacon.detail?.slice(0, 300),
        },
        'chat embed failed for a real user',
      );
  }
  return { recorded };
}
