import { z } from 'zod';
import { MESSAGE_SELECT, toStoredMessage, type MessageRow } from '../../chat/message-json';
import { getConversation } from '../../chat/put-conversation';
import type { SandboxContext } from '../../context';
import type { Queryable } from '../../db';
import { SandboxError } from '../../http/errors';
import { toSendbirdChannel, toSendbirdMessage } from './json';

type Ctx = Pick<SandboxContext, 'db'>;
const SEQ_SELECT = MESSAGE_SELECT.replace('SELECT m.id,', 'SELECT m.seq, m.id,');
type SeqRow = MessageRow & { seq: number };
const toMessage = (r: SeqRow) => toSendbirdMessage({ ...toStoredMessage(r), seq: r.seq });
const boolean = z.enum(['true', 'false']).transform((v) => v === 'true');

/**
 * List messages (…/message/messaging-basics/list-messages): around an anchor, `message_ts` (Unix ms) or
 * `message_id`, `prev_limit` messages before it and `next_limit` after it, each 0–200 (default 15), `include`
 * (default true) whether messages exactly at the anchor count; always oldest first. Above 200 the sandbox answers
 * 400 rather than silently capping: a client that asks for more learns it here.
 */
export const SENDBIRD_MESSAGE_CAP = 200;
const limit = z.coerce.number().int().min(0).max(SENDBIRD_MESSAGE_CAP).default(15);
export const messagesQuery = z
  .object({
    message_ts: z.coerce.number().int().nonnegative().optional(),
    message_id: z.coerce.number().int().nonnegative().optional(),
    prev_limit: limit,
    next_limit: limit,
    include: boolean.default(true),
  })
  .refine((q) => (q.message_ts === undefined) !== (q.message_id === undefined), {
    message: 'exactly one of message_ts and message_id is required',
    path: ['message_ts'],
  });

/** The messages of one channel around the anchor; 400201 (not found) for an unknown channel or message id. */
export async function listChannelMessages(ctx: Ctx, channelUrl: string, q: z.output<typeof messagesQuery>) {
  await getConversation(ctx, channelUrl);
  // The anchor as (created_at in ms, seq): a message_ts sits before every message of its millisecond (seq 0) and
  // `include` takes that whole millisecond; a message_id is exactly that message.
  let anchor: { ms: number; seq: number; exact: 'ts' | 'id' };
  if (q.message_id !== undefined) {
    const { rows } = await ctx.db.query<{ ms: string }>(
      `SELECT floor(extract(epoch FROM created_at) * 1000)::bigint AS ms FROM sandbox.messages WHERE seq = $1 AND conversation_id = $2`,
      [q.message_id, channelUrl],
    );
    if (!rows[0]) throw new SandboxError(404, 'not_found', `message_id ${q.message_id} not found in this channel`);
    anchor = { ms: Number(rows[0].ms), seq: q.message_id, exact: 'id' };
  } else anchor = { ms: q.message_ts!, seq: 0, exact: 'ts' };

  const MS = 'floor(extract(epoch FROM m.created_at) * 1000)::bigint';
  const before = anchor.exact === 'ts' ? `${MS} < $2` : `(${MS}, m.seq) < ($2, $3)`;
  const at = anchor.exact === 'ts' ? `${MS} = $2` : `m.seq = $3`;
  const after = anchor.exact === 'ts' ? `${MS} > $2` : `(${MS}, m.seq) > ($2, $3)`;
  const query = (where: string, order: 'ASC' | 'DESC', max: number | null) =>
    ctx.db.query<SeqRow>(
      `${SEQ_SELECT} WHERE m.conversation_id = $1 AND ${where} AND $3::bigint IS NOT NULL
       ORDER BY m.created_at ${order}, m.seq ${order} ${max === null ? '' : `LIMIT ${max}`}`,
      [channelUrl, anchor.ms, anchor.seq],
    );
  const prev = q.prev_limit > 0 ? (await query(before, 'DESC', q.prev_limit)).rows.reverse() : [];
  const exact = q.include ? (await query(at, 'ASC', null)).rows : [];
  const next = q.next_limit > 0 ? (await query(after, 'ASC', q.next_limit)).rows : [];
  return { messages: [...prev, ...exact, ...next].map(toMessage) };
}

/**
 * List group channels (…/channel/listing-channels-in-an-application/list-group-channels): `limit` 1–100 (default
 * 10), `token` = the previous page's `next` (empty when done), `order` chronological (default) or
 * latest_last_message, `show_empty` (default false: channels without a message are left out).
 */
export const SENDBIRD_CHANNEL_CAP = 100;
export const channelsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(SENDBIRD_CHANNEL_CAP).default(10),
  token: z.string().max(500).optional(),
  order: z.enum(['chronological', 'latest_last_message']).default('chronological'),
  show_empty: boolean.default(false),
});

const cursor = z.object({ k: z.string(), id: z.string() });
const encode = (c: z.infer<typeof cursor>) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decode(token: string) {
  try {
    return cursor.parse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
  } catch {
    throw new SandboxError(400, 'validation_error', 'token: not a token this API issued', 'token');
  }
}

export async function listChannels(ctx: Ctx, q: z.output<typeof channelsQuery>) {
  const after = q.token ? decode(q.token) : null;
  // Sort key as text so one keyset serves both orders: newest last message first, or oldest channel first.
  const key =
    q.order === 'latest_last_message'
      ? `lpad((9999999999999 - floor(extract(epoch FROM l.created_at) * 1000))::text, 14, '0')`
      : `lpad(floor(extract(epoch FROM c.created_at) * 1000)::text, 14, '0')`;
  const { rows } = await ctx.db.query<{
    id: string;
    participants: string[];
    subject: string | null;
    created_at: Date;
    last_id: string | null;
    k: string;
  }>(
    `SELECT * FROM (
       SELECT c.id, c.participants, c.subject, c.created_at, l.id AS last_id, COALESCE(${key}, '99999999999999') AS k
       FROM sandbox.conversations c
       LEFT JOIN LATERAL (SELECT id, created_at FROM sandbox.messages WHERE conversation_id = c.id
                          ORDER BY created_at DESC, seq DESC LIMIT 1) l ON true
       WHERE $1 OR l.id IS NOT NULL) x
     WHERE $2::text IS NULL OR (x.k, x.id) > ($2, $3)
     ORDER BY x.k, x.id LIMIT $4`,
    [q.show_empty, after?.k ?? null, after?.id ?? '', q.limit + 1],
  );
  const page = rows.slice(0, q.limit);
  const last = await lastMessages(
    ctx.db,
    page.flatMap((r) => (r.last_id ? [r.last_id] : [])),
  );
  return {
    channels: page.map((r) =>
      toSendbirdChannel(
        { id: r.id, participants: r.participants, subject: r.subject, createdAt: r.created_at },
        r.last_id ? (last.get(r.last_id) ?? null) : null,
      ),
    ),
    next: rows.length > q.limit ? encode({ k: page.at(-1)!.k, id: page.at(-1)!.id }) : '',
  };
}

async function lastMessages(db: Queryable, ids: string[]) {
  const { rows } = await db.query<SeqRow>(`${SEQ_SELECT} WHERE m.id = ANY($1)`, [ids]);
  return new Map(rows.map((r) => [r.id, toMessage(r)]));
}
