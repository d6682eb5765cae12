import type { Queryable } from '../db';
import type { ChatDialect } from '../dialects/wire';
import type { MessageJson } from './message-json';

// The embed is the vendor's UI: a browser must see each message under the id the active dialect's REST and
// webhooks use (Sendbird's integer message_id, Twilio's IM… SID), or whatever the product reads from the embed
// can never be matched with what the vendor's webhook says. Storage and services keep the sandbox's own ids; these
// two functions translate at the browser's edge, in both directions.

const idSql = (dialect: ChatDialect) => dialect.messageIdSql ?? 'm.id';

/** The dialect's id for each of the sandbox's message ids (all of them, in one query). */
export async function shownIds(
  db: Queryable,
  dialect: ChatDialect,
  messageIds: readonly string[],
): Promise<Map<string, string>> {
  if (!dialect.messageIdSql) return new Map(messageIds.map((id) => [id, id]));
  const { rows } = await db.query<{ id: string; shown: string }>(
    `SELECT m.id, ${idSql(dialect)} AS shown FROM sandbox.messages m WHERE m.id = ANY($1)`,
    [messageIds],
  );
  return new Map(rows.map((r) => [r.id, r.shown]));
}

/** The messages as the browser sees them: each with the dialect's id. */
export async function showMessages(
  db: Queryable,
  dialect: ChatDialect,
  messages: readonly MessageJson[],
): Promise<MessageJson[]> {
  const ids = await shownIds(
    db,
    dialect,
    messages.map((m) => m.id),
  );
  return messages.map((m) => ({ ...m, id: ids.get(m.id) ?? m.id }));
}

/**
 * The sandbox's ids of the conversation's messages that the browser named by the dialect's ids. Ids that name no
 * message of this conversation are left out, as an unknown sandbox id always was.
 */
export async function storedIds(
  db: Queryable,
  dialect: ChatDialect,
  conversationId: string,
  shown: readonly string[],
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT m.id FROM sandbox.messages m WHERE m.conversation_id = $1 AND ${idSql(dialect)} = ANY($2)`,
    [conversationId, shown],
  );
  return rows.map((r) => r.id);
}
