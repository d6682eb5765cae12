import { createHash } from 'node:crypto';
import type { Queryable } from '../../db';

/**
 * Twilio's resource ids are a two-letter type prefix and 32 hex characters (CH conversation, IM message, US user,
 * MB participant, WH webhook: twilio.com/docs/glossary/what-is-a-sid). The sandbox derives them from its own ids
 * with MD5, so they are stable and can be looked up in SQL (`'CH' || md5(id)`).
 */
export const sid = (prefix: 'CH' | 'IM' | 'US' | 'MB' | 'IS' | 'MG', id: string): string =>
  prefix + createHash('md5').update(id).digest('hex');

/** A message's `IM…` SID in SQL, over a sandbox.messages row `m`: the same value as `sid('IM', m.id)`. */
export const MESSAGE_SID_SQL = `'IM' || md5(m.id)`;

const CONVERSATION_SID = /^CH[0-9a-f]{32}$/;

/**
 * The conversation a path names: Twilio takes the SID or the UniqueName wherever a Conversation SID goes
 * (conversation-resource › Fetch: "ConversationSid … can be the SID or the unique name"). null when unknown.
 */
export async function resolveConversation(db: Queryable, sidOrName: string): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    CONVERSATION_SID.test(sidOrName)
      ? `SELECT id FROM sandbox.conversations WHERE 'CH' || md5(id) = $1`
      : 'SELECT id FROM sandbox.conversations WHERE id = $1',
    [sidOrName],
  );
  return rows[0]?.id ?? null;
}
