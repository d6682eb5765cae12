import { z } from 'zod';
import { MESSAGE_SELECT, toStoredMessage, type MessageRow } from '../../chat/message-json';
import type { SandboxContext } from '../../context';
import { SandboxError, notFound } from '../../http/errors';
import type { ChannelRow } from './json';

/**
 * Stream's page caps: Query Channels `limit` ≤ 30 and `offset` ≤ 1000 (getstream.io/chat/docs/node/query_channels ›
 * "Pagination"); a channel's `messages.limit` ≤ 300 with id-based paging `id_lt` / `id_gt` / `id_lte` / `id_gte`
 * (› channel_pagination). Above a cap the sandbox answers 400 (code 4) so a client learns it here.
 */
export const QUERY_CHANNELS_MAX_LIMIT = 30;
export const QUERY_CHANNELS_MAX_OFFSET = 1000;
export const MESSAGES_MAX_LIMIT = 300;
const DEFAULT_MESSAGES = 25;

export const messagePaging = z
  .object({
    limit: z.number().int().min(0).max(MESSAGES_MAX_LIMIT).default(DEFAULT_MESSAGES),
    id_lt: z.string().min(1).max(255).optional(),
    id_gt: z.string().min(1).max(255).optional(),
    id_lte: z.string().min(1).max(255).optional(),
    id_gte: z.string().min(1).max(255).optional(),
  })
  .refine(
    (p) => [p.id_lt, p.id_gt, p.id_lte, p.id_gte].filter(Boolean).length <= 1,
    'one of id_lt/id_gt/id_lte/id_gte',
  );
export type MessagePaging = z.infer<typeof messagePaging>;

const CHANNEL_SELECT = `
SELECT c.id, c.participants, c.subject, c.created_at,
  (SELECT max(m.created_at) FROM sandbox.messages m WHERE m.conversation_id = c.id) AS last_message_at
FROM sandbox.conversations c`;

export async function getChannel(ctx: Pick<SandboxContext, 'db'>, id: string): Promise<ChannelRow> {
  const { rows } = await ctx.db.query<ChannelRow>(`${CHANNEL_SELECT} WHERE c.id = $1`, [id]);
  if (!rows[0]) throw notFound(`Channel messaging:${id}`);
  return rows[0];
}

/**
 * One page of a channel's messages, oldest first as Stream returns them: without a cursor the newest `limit`;
 * with `id_lt`/`id_lte` the newest before it; with `id_gt`/`id_gte` the oldest after it. A cursor that is not a
 * message of this channel is a 400 (Stream does not document this case; the sandbox refuses rather than guess).
 */
export async function channelMessages(ctx: Pick<SandboxContext, 'db'>, channelId: string, paging: MessagePaging) {
  if (paging.limit === 0) return [];
  const [cursor, op] = paging.id_lt
    ? [paging.id_lt, '<']
    : paging.id_lte
      ? [paging.id_lte, '<=']
      : paging.id_gt
        ? [paging.id_gt, '>']
        : paging.id_gte
          ? [paging.id_gte, '>=']
          : [null, null];
  if (cursor) {
    const { rowCount } = await ctx.db.query('SELECT 1 FROM sandbox.messages WHERE id = $1 AND conversation_id = $2', [
      cursor,
      channelId,
    ]);
    if (!rowCount) throw new SandboxError(400, 'validation_error', `message ${cursor} is not in this channel`);
  }
  const forward = op === '>' || op === '>=';
  const { rows } = await ctx.db.query<MessageRow>(
    `${MESSAGE_SELECT}
     WHERE m.conversation_id = $1
       ${cursor ? `AND (m.created_at, m.id) ${op} (SELECT a.created_at, a.id FROM sandbox.messages a WHERE a.id = $3)` : 'AND $3::text IS NULL'}
     ORDER BY m.created_at ${forward ? 'ASC' : 'DESC'}, m.id ${forward ? 'ASC' : 'DESC'} LIMIT $2`,
    [channelId, paging.limit, cursor],
  );
  const page = rows.map(toStoredMessage);
  return forward ? page : page.reverse();
}

const timeCondition = z
  .object({ $gte: z.iso.datetime({ offset: true }).optional(), $gt: z.iso.datetime({ offset: true }).optional() })
  .strict();

/** The Query Channels request the sandbox understands: filters on type, id and last_message_at; sort on those times. */
export const queryChannelsBody = z.object({
  filter_conditions: z
    .object({
      type: z.literal('messaging').optional(),
      id: z.union([z.string(), z.object({ $in: z.array(z.string()).max(1000) }).strict()]).optional(),
      last_message_at: timeCondition.optional(),
    })
    .strict(),
  sort: z
    .array(
      z.object({ field: z.enum(['last_message_at', 'created_at']), direction: z.union([z.literal(1), z.literal(-1)]) }),
    )
    .max(1)
    .default([]),
  limit: z.number().int().min(1).max(QUERY_CHANNELS_MAX_LIMIT).default(10),
  offset: z.number().int().min(0).max(QUERY_CHANNELS_MAX_OFFSET).default(0),
  message_limit: z.number().int().min(0).max(MESSAGES_MAX_LIMIT).default(DEFAULT_MESSAGES),
});

/** POST /channels: the channels matching the filter, sorted (default: last_message_at, newest first), one page. */
export async function queryChannels(ctx: Pick<SandboxContext, 'db'>, input: z.infer<typeof queryChannelsBody>) {
  const f = input.filter_conditions;
  const ids = f.id === undefined ? null : typeof f.id === 'string' ? [f.id] : f.id.$in;
  const since = f.last_message_at?.$gte ?? null;
  const after = f.last_message_at?.$gt ?? null;
  const sort = input.sort[0] ?? { field: 'last_message_at', direction: -1 };
  const dir = sort.direction === -1 ? 'DESC' : 'ASC';
  const { rows } = await ctx.db.query<ChannelRow>(
    `SELECT * FROM (${CHANNEL_SELECT}) ch
     WHERE ($1::text[] IS NULL OR ch.id = ANY($1))
       AND ($2::timestamptz IS NULL OR ch.last_message_at >= $2)
       AND ($3::timestamptz IS NULL OR ch.last_message_at > $3)
     ORDER BY ch.${sort.field} ${dir} NULLS LAST, ch.id ${dir} LIMIT $4 OFFSET $5`,
    [ids, since, after, input.limit, input.offset],
  );
  return rows;
}
