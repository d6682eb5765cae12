import { z } from 'zod';
import type { SessionUser } from '../auth/session';
import { getConfig } from '../config';
import type { ServiceContext } from '../context';
import { queueEmail } from '../email/outbox/queue-email';
import { ValidationError } from '../errors';
import { prismaExecutor } from '../jobs/prisma-executor';
import { getProjectForMember } from '../projects/get-project-for-viewer';
import { MAX_FALLBACK_TEXT, toFallbackMessageView, type FallbackMessageView } from './fallback-message-view';
import { scheduleReplay } from './jobs/replay-fallback-messages';

export const fallbackMessageInput = z.object({
  /** The browser's key for this composed message: a resubmit after a lost response stores nothing new. */
  clientKey: z.uuid('Reload the page and try again.'),
  text: z
    .string({ error: 'Write a message first.' })
    .max(
      MAX_FALLBACK_TEXT,
      `Messages can be at most ${MAX_FALLBACK_TEXT.toLocaleString('en-US')} characters. Shorten it or send it in two parts.`,
    )
    .refine((text) => text.trim().length > 0, 'Write a message first.'),
});

/** The email's idempotency key: one email per fallback message, however often the send is retried. */
export const fallbackEmailKey = (fallbackMessageId: string) => `fallback-message:${fallbackMessageId}`;

/**
 * Stores a message written while the chat was down, and in the same transaction queues its email to the other
 * party and its replay into the vendor conversation. If the transaction commits, nothing is lost; if it
 * fails, nothing was written.
 */
export async function sendFallbackMessage({
  ctx,
  input,
}: {
  ctx: Pick<ServiceContext, 'db' | 'log'>;
  input: { projectId: string; viewer: SessionUser; body: unknown; appUrl?: string };
}): Promise<{ message: FallbackMessageView; created: boolean }> {
  const project = await getProjectForMember({ ctx, input });
  const parsed = fallbackMessageInput.safeParse(input.body);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error, parsed.error.issues[0]?.message);
  const { clientKey, text } = parsed.data;
  const appUrl = input.appUrl ?? getConfig().APP_URL;

  const result = await ctx.db.$transaction(async (tx) => {
    const inserted = await tx.fallbackMessage.createManyAndReturn({
      data: [{ projectId: project.id, senderId: input.viewer.id, clientKey, text }],
      skipDuplicates: true,
    });
    const row = inserted[0];
    if (!row) {
      const existing = await tx.fallbackMessage.findUniqueOrThrow({
        where: { senderId_clientKey: { senderId: input.viewer.id, clientKey } },
      });
      if (existing.projectId !== project.id)
        throw new ValidationError('Reload the page and try again.', {
          clientKey: ['This key was used for another project.'],
        });
      return { row: existing, created: false };
    }
    const conversation = await tx.conversation.findUnique({ where: { projectId: project.id }, select: { id: true } });
    if (conversation)
      await tx.conversation.update({ where: { id: conversation.id }, data: { lastActivityAt: row.createdAt } });
    await queueEmail(tx, {
      idempotencyKey: fallbackEmailKey(row.id),
      template: 'fallback-message',
      toUserId: project.otherParty.id,
      conversationId: conversation?.id,
      props: {
        recipientName: project.otherParty.name,
        senderName: input.viewer.name,
        projectTitle: project.title,
        text,
        sentAt: row.createdAt.toISOString(),
        projectUrl: `${appUrl.replace(/\/+$/, '')}/projects/${project.id}`,
        timeZone: project.otherParty.timeZone,
      },
    });
    await scheduleReplay(prismaExecutor(tx), project.id);
    return { row, created: true };
  });

  if (result.created)
    ctx.log.info(
      { projectId: project.id, fallbackMessageId: result.row.id, senderId: input.viewer.id, chars: text.length },
      'fallback message stored',
    );
  return {
    message: toFallbackMessageView({ ...result.row, sender: { name: input.viewer.name } }),
    created: result.created,
  };
}
