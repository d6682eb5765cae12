import type { Db } from '../db';
import type { ChatDialect } from '../dialects/wire';
import type { Target } from './targets';

export interface DeliveryFilter {
  target: Target;
  status?: string | undefined;
  eventType?: string | undefined;
  since?: Date | undefined;
  limit: number;
  newestFirst?: boolean;
}

export interface AttemptJson {
  attempt: number;
  startedAt: string;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  ok: boolean;
  duplicate: boolean;
}

/** One outbox row with every attempt: the ground truth of what the sandbox sent, or chose not to. */
export interface Delivery {
  eventId: string;
  target: Target;
  type: string;
  status: 'pending' | 'held' | 'delivered' | 'failed' | 'dropped';
  /** The chat message under the active dialect's id, as its webhooks and REST name it (ChatDialect.messageIdSql). */
  messageId: string | null;
  conversationId: string | null;
  dropped: boolean;
  duplicated: boolean;
  delayedMs: number | null;
  heldByFaultId: string | null;
  createdAt: string;
  nextAttemptAt: string | null;
  finishedAt: string | null;
  attemptCount: number;
  attempts: AttemptJson[];
  /** The body as sent: parsed JSON, or the raw text of a form-encoded body (Twilio's webhooks). */
  payload: unknown;
}

interface Row {
  id: string;
  target: Target;
  type: string;
  status: Delivery['status'];
  message_id: string | null;
  shown_message_id: string | null;
  conversation_id: string | null;
  dropped: boolean;
  duplicated: boolean;
  delayed_ms: number | null;
  held_by: string | null;
  created_at: Date;
  next_attempt_at: Date | null;
  finished_at: Date | null;
  attempts: number;
  body: string;
  log: AttemptJson[];
}

export async function listDeliveries(db: Db, dialect: ChatDialect, filter: DeliveryFilter): Promise<Delivery[]> {
  const { rows } = await db.query<Row>(
    `SELECT o.*,
       CASE WHEN o.target = 'vendor' THEN (SELECT ${dialect.messageIdSql ?? 'm.id'} FROM sandbox.messages m
         WHERE m.id = o.message_id) END AS shown_message_id,
       COALESCE(json_agg(json_build_object(
         'attempt', a.attempt, 'startedAt', a.started_at, 'durationMs', a.duration_ms, 'statusCode', a.status_code,
         'error', a.error, 'ok', a.ok, 'duplicate', a.duplicate) ORDER BY a.id) FILTER (WHERE a.id IS NOT NULL), '[]') AS log
     FROM sandbox.outbox o LEFT JOIN sandbox.delivery_attempts a ON a.event_id = o.id
     WHERE o.target = $1 AND ($2::text IS NULL OR o.status = $2) AND ($3::text IS NULL OR o.type = $3)
       AND ($4::timestamptz IS NULL OR o.created_at >= $4)
     GROUP BY o.id ORDER BY o.seq ${filter.newestFirst ? 'DESC' : 'ASC'} LIMIT $5`,
    [filter.target, filter.status ?? null, filter.eventType ?? null, filter.since ?? null, filter.limit],
  );
  return rows.map((r) => ({
    eventId: r.id,
    target: r.target,
    type: r.type,
    status: r.status,
    messageId: r.shown_message_id ?? r.message_id,
    conversationId: r.conversation_id,
    dropped: r.dropped,
    duplicated: r.duplicated,
    delayedMs: r.delayed_ms,
    heldByFaultId: r.held_by,
    createdAt: r.created_at.toISOString(),
    nextAttemptAt: r.next_attempt_at?.toISOString() ?? null,
    finishedAt: r.finished_at?.toISOString() ?? null,
    attemptCount: r.attempts,
    attempts: r.log.map((a) => ({ ...a, startedAt: new Date(a.startedAt).toISOString() })),
    payload: parseBody(r.body),
  }));
}

function parseBody(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}
