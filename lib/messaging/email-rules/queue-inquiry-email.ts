import type { DbTx } from '../../db/tx';
import { queueEmail } from '../../email/outbox/queue-email';
import type { RuleInput } from './rule-input';

/** "New client inquiry" to the designer, sent now; one per conversation whatever happens later. */
export async function queueInquiryEmail(tx: DbTx, { conversationId, project, message, now, settings }: RuleInput): Promise<void> {
  const users = await tx.user.findMany({ where: { id: { in: [project.clientId, project.designerId] } }, select: { id: true, name: true, timeZone: true } });
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
