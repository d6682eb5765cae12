import type { z } from 'zod';
import type { SandboxContext } from '../context';
import { notFound } from '../http/errors';
import { enqueueVendorEvent } from '../webhooks/outbox';
import type { putConversationBody } from './schemas';

export interface ConversationJson {
  id: string;
  participants: string[];
  subject: string | null;
  createdAt: string;
}

interface Row {
  id: string;
  participants: string[];
  subject: string | null;
  created_at: Date;
}

const toJson = (r: Row): ConversationJson => ({
  id: r.id,
  participants: r.participants,
  subject: r.subject,
  createdAt: r.created_at.toISOString(),
});

/**
 * Creates the conversation, or updates its participants (and subject, when given) if it exists.
 * Only a creation emits conversation.created.
 */
export async function putConversation({
  ctx,
  input,
}: {
  ctx: SandboxContext;
  input: z.infer<typeof putConversationBody> & { id: string };
}): Promise<{ conversation: ConversationJson; created: boolean }> {
  const participants = [...new Set(input.participants)];
  return ctx.db.tx(async (client) => {
    const { rows: known } = await client.query<{ id: string }>('SELECT id FROM sandbox.users WHERE id = ANY($1)', [
      participants,
    ]);
    const missing = participants.find((p) => !known.some((k) => k.id === p));
    if (missing) throw notFound(`User ${missing}`);

    const inserted = await client.query<Row>(
      `INSERT INTO sandbox.conversations (id, participants, subject) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING RETURNING *`,
      [input.id, participants, input.subject ?? null],
    );
    const created = inserted.rows[0];
    if (created) {
      const conversation = toJson(created);
      await enqueueVendorEvent(client, ctx, {
        type: 'conversation.created',
        conversation: { id: conversation.id, participants: conversation.participants, subject: conversation.subject },
      });
      return { conversation, created: true };
    }
    const { rows } = await client.query<Row>(
      `UPDATE sandbox.conversations SET participants = $2, subject = CASE WHEN $4 THEN $3 ELSE subject END WHERE id = $1 RETURNING *`,
      [input.id, participants, input.subject ?? null, input.subject !== undefined],
    );
    return { conversation: toJson(rows[0]!), created: false };
  });
}

/** A conversation's participants, or not_found. */
export async function getConversation(ctx: Pick<SandboxContext, 'db'>, id: string): Promise<ConversationJson> {
  const { rows } = await ctx.db.query<Row>('SELECT * FROM sandbox.conversations WHERE id = $1', [id]);
  if (!rows[0]) throw notFound(`Conversation ${id}`);
  return toJson(rows[0]);
}
