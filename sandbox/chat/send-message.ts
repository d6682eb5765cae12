import type { z } from 'zod';
import type { SandboxContext } from '../context';
import { SandboxError, notFound } from '../http/errors';
import { newId } from '../ids';
import { enqueueVendorEvent } from '../webhooks/outbox';
import { MESSAGE_SELECT, toMessageJson, toStoredMessage, type MessageJson, type MessageRow } from './message-json';
import type { sendMessageBody } from './schemas';

type Input = z.infer<typeof sendMessageBody> & {
  conversationId: string;
  custom?: Record<string, string>;
  /** A message id chosen by the sender (Stream lets clients set it; it is unique per app). */
  id?: string;
  /** false: store it without queueing message.sent (Twilio sends no webhook for a REST send without X-Twilio-Webhook-Enabled). */
  webhooks?: boolean;
};

/**
 * Stores a message and queues message.sent in one transaction, then tells live viewers.
 * A repeated idempotencyKey in the same conversation, or a repeated client-chosen `id`, returns the first message
 * (created: false) and emits nothing; the unique indexes decide, not memory.
 */
export async function sendMessage({
  ctx,
  input,
}: {
  ctx: SandboxContext;
  input: Input;
}): Promise<{ message: MessageJson; created: boolean }> {
  const result = await ctx.db.tx(async (client) => {
    const { rows: conv } = await client.query<{ participants: string[] }>(
      'SELECT participants FROM sandbox.conversations WHERE id = $1',
      [input.conversationId],
    );
    if (!conv[0]) throw notFound(`Conversation ${input.conversationId}`);
    const participants = conv[0].participants;
    if (!participants.includes(input.senderId)) {
      const { rowCount } = await client.query('SELECT 1 FROM sandbox.users WHERE id = $1', [input.senderId]);
      if (!rowCount) throw notFound(`User ${input.senderId}`);
      throw new SandboxError(
        400,
        'validation_error',
        `senderId: ${input.senderId} is not a participant of this conversation`,
        'senderId',
      );
    }

    const id = input.id ?? newId('msg');
    const inserted = await client.query(
      `INSERT INTO sandbox.messages (id, conversation_id, sender_id, text, created_at, idempotency_key, custom) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT DO NOTHING`,
      [
        id,
        input.conversationId,
        input.senderId,
        input.text,
        new Date(),
        input.idempotencyKey ?? null,
        input.custom ?? {},
      ],
    );
    if (inserted.rowCount === 0) {
      const { rows } = await client.query<MessageRow>(
        `${MESSAGE_SELECT} WHERE (m.conversation_id = $1 AND m.idempotency_key = $2) OR m.id = $3 LIMIT 1`,
        [input.conversationId, input.idempotencyKey ?? null, id],
      );
      return { message: toMessageJson(rows[0]!), created: false };
    }
    const { rows } = await client.query<MessageRow>(`${MESSAGE_SELECT} WHERE m.id = $1`, [id]);
    const message = toMessageJson(rows[0]!);
    if (input.webhooks !== false)
      await enqueueVendorEvent(client, ctx, {
        type: 'message.sent',
        message: toStoredMessage(rows[0]!),
        conversation: { id: input.conversationId, participants },
      });
    return { message, created: true };
  });
  if (result.created) ctx.hub.publish(input.conversationId, { type: 'message', message: result.message });
  return result;
}
