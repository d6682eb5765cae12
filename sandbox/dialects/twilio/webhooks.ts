import type { Queryable } from '../../db';
import type { ChatEvent, WebhookClock, WebhookDraft } from '../wire';
import { ATTRIBUTES_FIELD, type ScopedWebhookRow } from './json';
import { sid } from './sids';

/**
 * Twilio Conversations post-event webhooks (twilio.com/docs/conversations/conversations-webhooks): form-encoded
 * parameters, posted to each of the conversation's scoped webhooks whose `Configuration.Filters` name the event
 * (conversation-scoped-webhook-resource). A conversation without one gets nothing: the sandbox has no service-level
 * webhook. Sent here:
 * - onMessageAdded: MessageSid, Index, Author, Body, Attributes, DateCreated, ParticipantSid, Source;
 * - onParticipantUpdated: Identity, ParticipantSid, LastReadMessageIndex (the reader's read horizon: the index of the
 *   newest message it has read), LastReadTimestamp, DateUpdated.
 * Every body carries AccountSid, ChatServiceSid, ConversationSid, EventType, RetryCount and WebhookSid.
 * A new conversation sends nothing (no scoped webhook can exist yet).
 */
export async function twilioWebhooks(event: ChatEvent, at: WebhookClock, db: Queryable): Promise<WebhookDraft[]> {
  const accountSid = at.appId;
  if (event.type === 'conversation.created') return [];
  const conversationId = event.type === 'message.sent' ? event.conversation.id : event.conversationId;
  const common = {
    AccountSid: accountSid,
    ChatServiceSid: sid('IS', accountSid),
    ConversationSid: sid('CH', conversationId),
  };
  let type: string;
  let params: Record<string, string>;
  if (event.type === 'message.sent') {
    const m = event.message;
    type = 'onMessageAdded';
    params = {
      ...common,
      EventType: type,
      MessageSid: sid('IM', m.id),
      Index: String(await indexOf(db, m.id)),
      Author: m.senderId,
      Body: m.text,
      Attributes: m.custom[ATTRIBUTES_FIELD] ?? '{}',
      ParticipantSid: sid('MB', `${conversationId}:${m.senderId}`),
      DateCreated: new Date(m.createdAt).toISOString(),
      Source: 'API',
    };
  } else {
    const newest = event.messages.at(-1)!;
    type = 'onParticipantUpdated';
    params = {
      ...common,
      EventType: type,
      ParticipantSid: sid('MB', `${conversationId}:${event.readerId}`),
      Identity: event.readerId,
      LastReadMessageIndex: String(await indexOf(db, newest.id)),
      // The participant resource's last_read_timestamp: "Timestamp of last 'read' message".
      LastReadTimestamp: new Date(newest.createdAt).toISOString(),
      DateUpdated: event.readAt.toISOString(),
      Attributes: '{}',
      Source: 'SDK',
    };
  }
  const { rows: hooks } = await db.query<ScopedWebhookRow>(
    `SELECT * FROM sandbox.scoped_webhooks WHERE conversation_id = $1 AND $2 = ANY(filters) ORDER BY created_at, sid`,
    [conversationId, type],
  );
  return hooks.map((hook) => {
    const id = at.newEventId();
    const body = new URLSearchParams({ ...params, RetryCount: '0', WebhookSid: hook.sid, WebhookType: 'webhook' });
    return {
      id,
      type,
      body: body.toString(),
      messageId: event.type === 'message.sent' ? event.message.id : null,
      conversationId,
      url: hook.url,
    };
  });
}

/** A message's Index: how many messages of its conversation came before it (0-based, in the order received). */
export async function indexOf(db: Queryable, messageId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM sandbox.messages m, sandbox.messages a
     WHERE a.id = $1 AND m.conversation_id = a.conversation_id AND (m.created_at, m.seq) < (a.created_at, a.seq)`,
    [messageId],
  );
  return rows[0]?.n ?? 0;
}
