import type { Role } from '../../db/generated/enums';
import type { DbTx } from '../../db/tx';
import { FALLBACK_KEY_PREFIX, queueInquiryEmail } from './apply-email-rules';
import type { NewMessage, RuleInput } from './rule-input';
import { scheduleUnreadEmail } from './schedule-unread-email';
import type { MessagingSettings } from '../handlers/types';

/** One conversation's messages newly recorded by a batch, in the vendor's order. */
export interface NewConversationMessages {
  vendor: string;
  conversationId: string;
  project: RuleInput['project'];
  /** Whether the conversation held any message before this batch (so none of these can be its first). */
  hadMessages: boolean;
  messages: NewMessage[];
}

interface Owed {
  conversation: NewConversationMessages;
  recipientId: string;
  messages: NewMessage[];
}

/**
 * applyEmailRules for every message a batch recorded, with the same outcome as applying them one by one in the
 * vendor's order: a client's first message of a conversation is the designer's new-inquiry email; every other
 * message goes to each participant but its sender who has not read it, added to that recipient's pending
 * unread-messages email of the conversation, or starting one with its first message. Reads, recipients and
 * pending emails are read for the whole batch in one statement each; the added messages and their trace steps
 * are written in one statement each. Runs in the batch's transaction, under its conversations' locks.
 */
export async function applyEmailRulesBatch(
  tx: DbTx,
  input: { conversations: NewConversationMessages[]; now: Date; settings: MessagingSettings },
): Promise<void> {
  const wanted: { conversation: NewConversationMessages; recipientId: string; message: NewMessage }[] = [];
  for (const conversation of input.conversations) {
    const { project } = conversation;
    for (const [index, message] of conversation.messages.entries()) {
      if (message.idempotencyKey?.startsWith(FALLBACK_KEY_PREFIX)) continue;
      const recipients = [...new Set([project.clientId, project.designerId])].filter((id) => id !== message.senderId);
      // The inquiry also stands in for the first message's unread email to the designer.
      const inquiry =
        !conversation.hadMessages &&
        index === 0 &&
        message.senderId === project.clientId &&
        recipients.includes(project.designerId);
      if (inquiry) {
        await queueInquiryEmail(tx, {
          vendor: conversation.vendor,
          conversationId: conversation.conversationId,
          project,
          message,
          now: input.now,
          settings: input.settings,
        });
      }
      for (const recipientId of recipients)
        if (!(inquiry && recipientId === project.designerId)) wanted.push({ conversation, recipientId, message });
    }
  }
  if (wanted.length === 0) return;

  const reads = await tx.$queryRaw<{ vendor: string; vendorMessageId: string; readerId: string }[]>`
    SELECT vendor, "vendorMessageId", "readerId" FROM message_read
    WHERE "vendorMessageId" = ANY(${wanted.map((w) => w.message.vendorMessageId)}::text[])
      AND "readerId" = ANY(${[...new Set(wanted.map((w) => w.recipientId))]}::text[])`;
  const read = new Set(reads.map((r) => `${r.vendor}\u0000${r.vendorMessageId}\u0000${r.readerId}`));
  const users = await tx.user.findMany({
    where: { id: { in: [...new Set(wanted.map((w) => w.recipientId))] } },
    select: { id: true, role: true },
  });
  const roles = new Map<string, Role>(users.map((u) => [u.id, u.role]));

  const owed = new Map<string, Owed>();
  for (const { conversation, recipientId, message } of wanted) {
    if (!roles.has(recipientId)) continue;
    if (read.has(`${conversation.vendor}\u0000${message.vendorMessageId}\u0000${recipientId}`)) continue;
    const key = `${conversation.conversationId}\u0000${recipientId}`;
    const entry = owed.get(key) ?? { conversation, recipientId, messages: [] };
    entry.messages.push(message);
    owed.set(key, entry);
  }
  if (owed.size === 0) return;
  const groups = [...owed.values()];

  // The row lock waits for a sender claiming the email; once it is SENDING it no longer matches (see scheduleUnreadEmail).
  const pending = await tx.$queryRaw<{ id: string; toUserId: string; conversationId: string }[]>`
    SELECT id::text, "toUserId", "conversationId"::text FROM email
    WHERE template = 'unread-messages' AND status = 'QUEUED'
      AND ("toUserId", "conversationId") IN (
        SELECT * FROM unnest(${groups.map((g) => g.recipientId)}::text[], ${groups.map((g) => g.conversation.conversationId)}::uuid[]))
    ORDER BY "createdAt" DESC
    FOR UPDATE`;
  const pendingOf = new Map<string, string>();
  for (const p of pending) {
    const key = `${p.conversationId}\u0000${p.toUserId}`;
    if (!pendingOf.has(key)) pendingOf.set(key, p.id);
  }

  const added: { emailId: string; message: NewMessage }[] = [];
  for (const group of groups) {
    const key = `${group.conversation.conversationId}\u0000${group.recipientId}`;
    let emailId = pendingOf.get(key);
    let rest = group.messages;
    if (!emailId) {
      // No pending email: the first message starts one (as scheduleUnreadEmail does), the rest join it.
      const [first, ...others] = group.messages;
      ({ emailId } = await scheduleUnreadEmail(tx, {
        conversationId: group.conversation.conversationId,
        recipient: { id: group.recipientId, role: roles.get(group.recipientId)! },
        message: first!,
        now: input.now,
        delaySeconds: input.settings.unreadDelaySeconds,
      }));
      rest = others;
    }
    for (const message of rest) added.push({ emailId, message });
  }
  if (added.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO email_message ("emailId", "messageId")
    SELECT * FROM unnest(${added.map((a) => a.emailId)}::uuid[], ${added.map((a) => a.message.id)}::uuid[])
    ON CONFLICT DO NOTHING`;
  await tx.$executeRaw`
    INSERT INTO email_event ("emailId", type, source, "occurredAt", detail)
    SELECT e, 'message-added', 'app', ${input.now}::timestamptz, 'message ' || m || ' added to the pending email'
    FROM unnest(${added.map((a) => a.emailId)}::uuid[], ${added.map((a) => a.message.vendorMessageId)}::text[]) AS x(e, m)`;
}
