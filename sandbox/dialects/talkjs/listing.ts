import { z } from 'zod';
import { MESSAGE_SELECT, toStoredMessage, type MessageRow } from '../../chat/message-json';
import { getConversation } from '../../chat/put-conversation';
import type { SandboxContext } from '../../context';
import { SandboxError } from '../../http/errors';
import { toTalkjsConversation, toTalkjsMessage } from './json';

/**
 * TalkJS's listing parameters (talkjs.com/docs › REST API › Getting started › Listing): `limit` and the cursor
 * `startingAfter` = the id of the last item of the previous page; items newest first. TalkJS's pages do not state
 * the cap; a cap of 30 is stated by a third-party catalogue (api-evangelist/talkjs), so the sandbox enforces 30 and
 * answers 400 above it — a client that asks for more learns it here rather than silently getting less.
 */
export const TALKJS_MAX_LIMIT = 30;
const DEFAULT_LIMIT = 10;

export const listingQuery = z.object({
  limit: z.coerce.number().int().min(1).max(TALKJS_MAX_LIMIT).default(DEFAULT_LIMIT),
  startingAfter: z.string().min(1).max(255).optional(),
});
type Listing = z.infer<typeof listingQuery>;

const unknownCursor = (id: string) =>
  new SandboxError(400, 'validation_error', `startingAfter: ${id} is not an item of this list`, 'startingAfter');

interface ConversationRow {
  id: string;
  participants: string[];
  subject: string | null;
  created_at: Date;
}

/** GET /conversations: every conversation, newest first (created_at, id), each with its lastMessage. */
export async function listConversations(ctx: Pick<SandboxContext, 'db'>, input: Listing) {
  if (input.startingAfter) {
    const { rowCount } = await ctx.db.query('SELECT 1 FROM sandbox.conversations WHERE id = $1', [input.startingAfter]);
    if (!rowCount) throw unknownCursor(input.startingAfter);
  }
  const { rows } = await ctx.db.query<ConversationRow>(
    `SELECT c.id, c.participants, c.subject, c.created_at FROM sandbox.conversations c
     WHERE $1::text IS NULL OR (c.created_at, c.id) < (SELECT a.created_at, a.id FROM sandbox.conversations a WHERE a.id = $1)
     ORDER BY c.created_at DESC, c.id DESC LIMIT $2`,
    [input.startingAfter ?? null, input.limit],
  );
  const last = await lastMessages(
    ctx,
    rows.map((r) => r.id),
  );
  return {
    data: rows.map((r) =>
      toTalkjsConversation(
        { id: r.id, participants: r.participants, subject: r.subject, createdAt: r.created_at },
        last.get(r.id) ?? null,
      ),
    ),
  };
}

async function lastMessages(ctx: Pick<SandboxContext, 'db'>, ids: string[]) {
  const { rows } = await ctx.db.query<MessageRow>(
    `SELECT DISTINCT ON (m.conversation_id) * FROM (${MESSAGE_SELECT} WHERE m.conversation_id = ANY($1)) m
     ORDER BY m.conversation_id, m.created_at DESC, m.id DESC`,
    [ids],
  );
  return new Map(rows.map((r) => [r.conversation_id, toStoredMessage(r)]));
}

/** GET /conversations/{id}/messages: that conversation's messages, newest first; 404 for an unknown conversation. */
export async function listConversationMessages(
  ctx: Pick<SandboxContext, 'db'>,
  input: Listing & { conversationId: string },
) {
  await getConversation(ctx, input.conversationId);
  if (input.startingAfter) {
    const { rowCount } = await ctx.db.query('SELECT 1 FROM sandbox.messages WHERE id = $1 AND conversation_id = $2', [
      input.startingAfter,
      input.conversationId,
    ]);
    if (!rowCount) throw unknownCursor(input.startingAfter);
  }
  const { rows } = await ctx.db.query<MessageRow>(
    `${MESSAGE_SELECT}
     WHERE m.conversation_id = $1
       AND ($2::text IS NULL OR (m.created_at, m.id) < (SELECT a.created_at, a.id FROM sandbox.messages a WHERE a.id = $2))
     ORDER BY m.created_at DESC, m.id DESC LIMIT $3`,
    [input.conversationId, input.startingAfter ?? null, input.limit],
  );
  return { data: rows.map((r) => toTalkjsMessage(toStoredMessage(r))) };
}
