/** The vendor's message as its API and webhooks show it. */
export interface MessageJson {
  id: string;
  conversationId: string;
  senderId: string;
  text: string;
  createdAt: string;
  idempotencyKey: string | null;
  readBy: string[];
}

/** A message with everything the sandbox stores, for dialects that show more than the sandbox's own format. */
export interface StoredMessage extends MessageJson {
  /** Sender-supplied string metadata (TalkJS's `custom`); {} when none. */
  custom: Record<string, string>;
}

export interface MessageRow {
  id: string;
  conversation_id: string;
  sender_id: string;
  text: string;
  created_at: Date;
  idempotency_key: string | null;
  read_by: string[];
  custom: Record<string, string>;
}

export const MESSAGE_SELECT = `
SELECT m.id, m.conversation_id, m.sender_id, m.text, m.created_at, m.idempotency_key, m.custom,
  COALESCE((SELECT array_agg(r.reader_id ORDER BY r.read_at, r.reader_id) FROM sandbox.message_reads r WHERE r.message_id = m.id), '{}') AS read_by
FROM sandbox.messages m`;

export const toMessageJson = (r: MessageRow): MessageJson => ({
  id: r.id,
  conversationId: r.conversation_id,
  senderId: r.sender_id,
  text: r.text,
  createdAt: r.created_at.toISOString(),
  idempotencyKey: r.idempotency_key,
  readBy: r.read_by,
});

export const toStoredMessage = (r: MessageRow): StoredMessage => ({ ...toMessageJson(r), custom: r.custom });
