import type { SandboxContext } from '../context';
import { decodeCursor, encodeCursor } from './cursor';
import { MESSAGE_SELECT, toMessageJson, type MessageJson, type MessageRow } from './message-json';
import { getConversation } from './put-conversation';

export interface Page {
  data: MessageJson[];
  nextCursor: string | null;
}

interface Window {
  conversationId?: string | undefined;
  since?: Date | undefined;
  until?: Date | undefined;
  limit: number;
  cursor?: string | undefined;
}

/**
 * Messages in (createdAt, id) order, keyset-paginated, so every message in a window is listed exactly once.
 * With conversationId: that conversation's (not_found if unknown); otherwise every message with since <= createdAt < until.
 */
export async function listMessages({ ctx, input }: { ctx: Pick<SandboxContext, 'db'>; input: Window }): Promise<Page> {
  if (input.conversationId !== undefined) await getConversation(ctx, input.conversationId);
  const after = input.cursor ? decodeCursor(input.cursor) : undefined;
  const { rows } = await ctx.db.query<MessageRow>(
    `${MESSAGE_SELECT}
     WHERE ($1::text IS NULL OR m.conversation_id = $1)
       AND ($2::timestamptz IS NULL OR m.created_at >= $2)
       AND ($3::timestamptz IS NULL OR m.created_at < $3)
       AND ($4::timestamptz IS NULL OR (m.created_at, m.id) > ($4, $5::text))
     ORDER BY m.created_at, m.id
     LIMIT $6`,
    [
      input.conversationId ?? null,
      input.since ?? null,
      input.until ?? null,
      after?.createdAt ?? null,
      after?.id ?? null,
      input.limit + 1,
    ],
  );
  const page = rows.slice(0, input.limit).map(toMessageJson);
  const last = rows.length > input.limit ? rows[input.limit - 1] : undefined;
  return { data: page, nextCursor: last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null };
}

/** The newest `limit` messages of a conversation, oldest first: the embed's history. */
export async function recentMessages(
  ctx: Pick<SandboxContext, 'db'>,
  conversationId: string,
  limit = 200,
): Promise<MessageJson[]> {
  const { rows } = await ctx.db.query<MessageRow>(
    `${MESSAGE_SELECT} WHERE m.conversation_id = $1 ORDER BY m.created_at DESC, m.id DESC LIMIT $2`,
    [conversationId, limit],
  );
  return rows.reverse().map(toMessageJson);
}
