import type { DbTx } from '../../db/tx';
import type { Composer } from './definition';

const MAX_LISTED = 50;

/**
 * unread-messages: the email's messages the recipient has still not read and the vendor has not deleted, oldest
 * first (the most recent 50), with their latest (edited) text.
 * Cancels when every one was read meanwhile — a read that raced the email's scheduling is caught here.
 */
export const composeUnreadMessages: Composer = async (tx: DbTx, { email, recipient, appUrl }) => {
  const messages = await tx.$queryRaw<{ senderName: string | null; senderId: string; text: string; sentAt: Date }[]>`
    SELECT * FROM (
      SELECT u.name AS "senderName", m."senderId", m.text, m."sentAt"
      FROM email_message em
      JOIN message m ON m.id = em."messageId"
      LEFT JOIN "user" u ON u.id = m."senderId"
      WHERE em."emailId" = ${email.id}::uuid AND m."deletedAt" IS NULL
        AND NOT EXISTS (SELECT 1 FROM message_read r WHERE r.vendor = m.vendor AND r."vendorMessageId" = m."vendorMessageId" AND r."readerId" = ${email.toUserId})
      ORDER BY m."sentAt" DESC
      LIMIT ${MAX_LISTED}
    ) latest ORDER BY "sentAt"`;
  if (messages.length === 0) return { cancel: 'every message in it was read or deleted before the email was due' };
  const conversation = email.conversationId
    ? await tx.conversation.findUnique({
        where: { id: email.conversationId },
        select: { project: { select: { id: true, title: true } } },
      })
    : null;
  if (!conversation) return { cancel: 'its conversation no longer exists' };
  return {
    props: {
      recipientName: recipient.name,
      projectTitle: conversation.project.title,
      projectUrl: `${appUrl}/projects/${conversation.project.id}`,
      timeZone: recipient.timeZone,
      messages: messages.map((m) => ({ senderName: m.senderName ?? m.senderId, text: m.text, sentAt: m.sentAt })),
    },
  };
};
