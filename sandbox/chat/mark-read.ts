import type { SandboxContext } from '../context';
import { enqueueVendorEvent } from '../webhooks/outbox';
import { MESSAGE_SELECT, toStoredMessage, type MessageRow } from './message-json';

interface Input {
  conversationId: string;
  readerId: string;
  messageIds: string[];
}

/**
 * Marks others' messages as read by readerId. Only newly read ones count (the primary key decides);
 * if any, queues one message.read and tells live viewers. The caller has checked readerId is a participant.
 */
export async function markRead({
  ctx,
  input,
}: {
  ctx: SandboxContext;
  input: Input;
}): Promise<{ messageIds: string[]; readAt: string }> {
  const readAt = new Date();
  const messageIds = await ctx.db.tx(async (client) => {
    const { rows } = await client.query<{ message_id: string }>(
      `INSERT INTO sandbox.message_reads (message_id, reader_id, read_at)
       SELECT m.id, $2, $3 FROM sandbox.messages m
       WHERE m.conversation_id = $1 AND m.id = ANY($4) AND m.sender_id <> $2
       ORDER BY m.created_at, m.id
       ON CONFLICT DO NOTHING RETURNING message_id`,
      [input.conversationId, input.readerId, readAt, input.messageIds],
    );
    const ids = rows.map((r) => r.message_id);
    if (ids.length > 0) {
      // The messages as they are now (read_by included): TalkJS's message.read carries the whole message.
      const { rows: read } = await client.query<MessageRow>(
        `${MESSAGE_SELECT} WHERE m.id = ANY($1) ORDER BY m.created_at, m.id`,
        [ids],
      );
      await enqueueVendorEvent(client, ctx, {
        type: 'message.read',
        conversationId: input.conversationId,
        readerId: input.readerId,
        messages: read.map(toStoredMessage),
        readAt,
      });
    }
    return ids;
  });
  if (messageIds.length > 0)
    ctx.hub.publish(input.conversationId, {
      type: 'read',
      readerId: input.readerId,
      messageIds,
      readAt: readAt.toISOString(),
    });
  return { messageIds, readAt: readAt.toISOString() };
}
