import type { DbTx } from '../../db/tx';
import { scheduleUnreadEmail } from './schedule-unread-email';
import type { RuleInput } from './rule-input';
import { queueEmail } from '../../email/outbox/queue-email';

/** Messages we replayed from the fallback composer: their content was emailed when it was written. */
export const FALLBACK_KEY_PREFIX = 'fallback:';

/**
 * The email rules for a newly recorded message, in the processing transaction:
 * - never the sender; never content the fallback path already emailed;
 * - a client's first message in a project → "new client inquiry" to the designer, now (it also stands in for
 *   that message's unread email);
 * - every other participant who has not read it yet → an unread-messages email after the delay, coalesced with
 *   any still pending for the same conversation.
 */
export async function applyEmailRules(tx: DbTx, input: RuleInput): Promise<void> {
  const { message, project } = input;
  if (message.idempotencyKey?.startsWith(FALLBACK_KEY_PREFIX)) return;
  const recipientIds = [...new Set([project.clientId, project.designerId])].filter((id) => id !== message.senderId);
  if (recipientIds.length === 0) return;

  const covered = new Set<string>();
  if (message.senderId === project.clientId && recipientIds.includes(project.designerId)) {
    const isFirst = (await tx.message.count({ where: { conversationId: input.conversationId } })) === 1;
    if (isFirst) {
      await queueInquiryEmail(tx, input);
      covered.add(project.designerId);
    }
  }

  const alreadyRead = await tx.messageRead.findMany({
    where: { vendor: input.vendor, vendorMessageId: message.vendorMessageId, readerId: { in: recipientIds } },
    select: { readerId: true },
  });
  for (const read of alreadyRead) covered.add(read.readerId);

  const recipients = await tx.user.findMany({
    where: { id: { in: recipientIds.filter((id) => !covered.has(id)) } },
    select: { id: true, role: true },
  });
  for (const recipient of recipients) {
    await scheduleUnreadEmail(tx, {
      conversationId: input.conversationId,
      recipient,
      message,
      now: input.now,
      delaySeconds: input.settings.unreadDelaySeconds,
    });
  }
}

/** "New client inquiry" to the designer, sent now; one per conversation whatever happens later. */
export async function queueInquiryEmail(
  tx: DbTx,
  { conversationId, project, message, now, settings }: RuleInput,
): Promise<void> {
  const users = await tx.user.findMany({
    where: { id: { in: [project.clientId, project.designerId] } },
    select: { id: true, name: true, timeZone: true },
  });
  const client = users.find((u) => u.id === project.clientId);
  const designer = users.find((u) => u.id === project.designerId);
  if (!client || !designer) return;
  await queueEmail(tx, {
    idempotencyKey: `new-inquiry:${conversationId}`,
    template: 'new-inquiry',
    toUserId: designer.id,
    props: {
      designerName: designer.name,
      clientName: client.name,
      projectTitle: project.title,
      projectUrl: `${settings.appUrl}/projects/${project.id}`,
      message: message.text,
      receivedAt: message.sentAt.toISOString(),
      timeZone: designer.timeZone,
    },
    sendAt: now,
    conversationId,
    messageIds: [message.id],
  });
}
