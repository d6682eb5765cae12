import { MESSAGE_SELECT, toStoredMessage, type MessageRow } from '../../chat/message-json';
import type { Queryable } from '../../db';
import { toTwilioConversation, toTwilioMessage, type TwilioEnv } from './json';
import type { PageQuery, Position } from './paging';

type IndexedRow = MessageRow & { seq: number; idx: number };

/**
 * A conversation's messages in Index order, `asc` (Twilio's default) or `desc`, PageSize at a time after `after`
 * (the previous page's last message, by seq). Returns the page and the position of its last item when more follow.
 */
export async function messagesPage(
  db: Queryable,
  env: TwilioEnv,
  input: { conversationId: string; order: 'asc' | 'desc'; query: PageQuery; after: Position | null },
) {
  const cmp = input.order === 'asc' ? '>' : '<';
  const dir = input.order === 'asc' ? 'ASC' : 'DESC';
  const { rows } = await db.query<IndexedRow>(
    `SELECT * FROM (
       SELECT x.*, (row_number() OVER (ORDER BY x.created_at, x.seq) - 1)::int AS idx
       FROM (${MESSAGE_SELECT.replace('SELECT m.id,', 'SELECT m.seq, m.id,')} WHERE m.conversation_id = $1) x) y
     WHERE $2::bigint IS NULL
        OR (y.created_at, y.seq) ${cmp} (SELECT a.created_at, a.seq FROM sandbox.messages a WHERE a.seq = $2)
     ORDER BY y.created_at ${dir}, y.seq ${dir} LIMIT $3`,
    [input.conversationId, input.after?.[0] ?? null, input.query.PageSize + 1],
  );
  const page = rows.slice(0, input.query.PageSize);
  const last = page.at(-1);
  return {
    items: page.map((r) => toTwilioMessage(env, { ...toStoredMessage(r), index: r.idx })),
    next: rows.length > input.query.PageSize && last ? [last.seq] : null,
  };
}

/**
 * Conversations oldest first. `date_updated` is the later of its creation and its newest message: Twilio's
 * reference does not say whether a new message moves it (docs/connect-twilio.md › what only live Twilio can prove).
 */
export async function conversationsPage(db: Queryable, env: TwilioEnv, query: PageQuery, after: Position | null) {
  const { rows } = await db.query<{ id: string; subject: string | null; created_at: Date; updated_at: Date }>(
    `SELECT c.id, c.subject, c.created_at,
       GREATEST(c.created_at, (SELECT max(m.created_at) FROM sandbox.messages m WHERE m.conversation_id = c.id)) AS updated_at
     FROM sandbox.conversations c
     WHERE $1::text IS NULL
        OR (c.created_at, c.id) > (SELECT a.created_at, a.id FROM sandbox.conversations a WHERE a.id = $1)
     ORDER BY c.created_at, c.id LIMIT $2`,
    [after?.[0] ?? null, query.PageSize + 1],
  );
  const page = rows.slice(0, query.PageSize);
  const last = page.at(-1);
  return {
    items: page.map((r) =>
      toTwilioConversation(env, { id: r.id, subject: r.subject, createdAt: r.created_at, updatedAt: r.updated_at }),
    ),
    next: rows.length > query.PageSize && last ? [last.id] : null,
  };
}
