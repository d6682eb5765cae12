import type { VendorEventSource } from '../db/generated/enums';
import type { DbTx } from '../db/tx';
import type { NormalizedEvent } from '../chat-provider/types';
import { applyEmailRulesBatch, type NewConversationMessages } from './email-rules/apply-email-rules-batch';
import type { NewMessage, RuleInput } from './email-rules/rule-input';
import type { MessagingSettings } from './handlers/types';

/** A message.sent event of a known conversation, ready to record. */
export interface SentToRecord {
  vendor: string;
  source: VendorEventSource;
  event: Extract<NormalizedEvent, { kind: 'message.sent' }>;
  conversation: { id: string; project: RuleInput['project'] };
}

/**
 * handleMessageSent for a whole batch in a few statements: one INSERT of the messages (one row per vendor message,
 * whichever event brought it first), one UPDATE of the conversations' last activity, then the email rules for
 * the messages that are new (applyEmailRulesBatch). `sent` must be in the vendor's order within each
 * conversation, and the batch must hold those conversations' locks.
 */
export async function recordSentMessages(
  tx: DbTx,
  input: { sent: SentToRecord[]; now: Date; settings: MessagingSettings },
): Promise<{ recorded: number }> {
  if (input.sent.length === 0) return { recorded: 0 };
  const conversationIds = [...new Set(input.sent.map((s) => s.conversation.id))];
  const had = await tx.$queryRaw<{ id: string }[]>`
    SELECT c::text AS id FROM unnest(${conversationIds}::uuid[]) AS c
    WHERE EXISTS (SELECT 1 FROM message m WHERE m."conversationId" = c)`;
  const rows = input.sent.map(({ vendor, source, event, conversation }, ord) => ({
    ord,
    vendor,
    message_id: event.message.id,
    conversation_id: conversation.id,
    sender_id: event.message.senderId,
    // PostgreSQL text cannot hold NUL; nothing a person typed needs it.
    text: event.message.text.replaceAll('\u0000', ''),
    sent_at: event.message.createdAt,
    idempotency_key: event.message.idempotencyKey,
    source,
    event_id: event.eventId,
  }));
  const inserted = await tx.$queryRaw<(NewMessage & { vendor: string; conversationId: string })[]>`
    INSERT INTO message (vendor, "vendorMessageId", "conversationId", "senderId", text, "sentAt", "idempotencyKey", source, "vendorEventId")
    SELECT vendor, message_id, conversation_id, sender_id, text, sent_at, idempotency_key, source::"VendorEventSource", event_id
    FROM json_to_recordset(${JSON.stringify(rows)}::json) AS t(ord int, vendor text, message_id text, conversation_id uuid, sender_id text,
                                                              text text, sent_at timestamptz, idempotency_key text, source text, event_id text)
    ORDER BY ord
    ON CONFLICT (vendor, "vendorMessageId") DO NOTHING
    RETURNING id::text, vendor, "vendorMessageId", "conversationId"::text, "senderId", text, "sentAt", "idempotencyKey"`;
  if (inserted.length === 0) return { recorded: 0 };

  const order = new Map(rows.map((r) => [`${r.vendor}\u0000${r.message_id}`, r.ord]));
  const ordOf = (m: { vendor: string; vendorMessageId: string }) => order.get(`${m.vendor}\u0000${m.vendorMessageId}`)!;
  inserted.sort((a, b) => ordOf(a) - ordOf(b));
  await tx.$executeRaw`
    UPDATE conversation c SET "lastActivityAt" = GREATEST(c."lastActivityAt", x.at AT TIME ZONE 'UTC')
    FROM (SELECT id, max(at) AS at FROM unnest(${inserted.map((m) => m.conversationId)}::uuid[], ${inserted.map((m) => m.sentAt)}::timestamptz[]) AS u(id, at) GROUP BY id) AS x
    WHERE c.id = x.id`;

  const hadMessages = new Set(had.map((h) => h.id));
  const byConversation = new Map<string, NewConversationMessages>();
  for (const message of inserted) {
    let group = byConversation.get(message.conversationId);
    if (!group) {
      const source = input.sent.find((s) => s.conversation.id === message.conversationId)!;
      group = {
        vendor: message.vendor,
        conversationId: message.conversationId,
        project: source.conversation.project,
        hadMessages: hadMessages.has(message.conversationId),
        messages: [],
      };
      byConversation.set(message.conversationId, group);
    }
    group.messages.push({
      id: message.id,
      vendorMessageId: message.vendorMessageId,
      senderId: message.senderId,
      text: message.text,
      sentAt: message.sentAt,
      idempotencyKey: message.idempotencyKey,
    });
  }
  await applyEmailRulesBatch(tx, {
    conversations: [...byConversation.values()],
    now: input.now,
    settings: input.settings,
  });
  return { recorded: inserted.length };
}
