import type { Queryable } from '../db';
import type { FaultStore } from '../faults/store';
import { newId } from '../ids';
import type { Logger } from '../log';
import type { Target } from './targets';
import type { ChatEvent, ChatDialect } from '../dialects/wire';

export interface OutboxRow {
  id: string;
  target: Target;
  type: string;
  body: string;
  messageId: string | null;
  conversationId: string | null;
  /** The delivery URL when not the target's own (WebhookDraft.url). */
  url?: string | null;
  /** pending: due at nextAttemptAt; held: kept back by webhooks-reorder; dropped: kept back for good by webhooks-drop. */
  status: 'pending' | 'held' | 'dropped';
  nextAttemptAt: Date | null;
  dropped: boolean;
  duplicated: boolean;
  delayedMs: number | null;
  heldBy: string | null;
}

// seq orders deliveries; sort_key starts equal to it and is negated when a reordered batch is released.
const INSERT = `
WITH s AS (SELECT nextval(pg_get_serial_sequence('sandbox.outbox', 'seq')) AS n)
INSERT INTO sandbox.outbox (id, seq, sort_key, target, type, body, message_id, conversation_id, status,
  next_attempt_at, dropped, duplicated, delayed_ms, held_by, finished_at, url)
SELECT $1, s.n, s.n, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, CASE WHEN $7 = 'dropped' THEN now() END, $13 FROM s`;

/** Stores one row for the dispatcher, in the caller's transaction (the outbox pattern). */
export async function insertOutbox(client: Queryable, row: OutboxRow): Promise<void> {
  await client.query(INSERT, [
    row.id,
    row.target,
    row.type,
    row.body,
    row.messageId,
    row.conversationId,
    row.status,
    row.nextAttemptAt,
    row.dropped,
    row.duplicated,
    row.delayedMs,
    row.heldBy,
    row.url ?? null,
  ]);
}

/**
 * Queues the webhooks one chat event becomes in the running dialect (zero or more). The webhook faults are decided
 * here, once per webhook, and recorded on the row, so the delivery log says exactly which were dropped, delayed,
 * duplicated or reordered. When several match, drop wins, then reorder (a held event is released without extra delay).
 */
export async function enqueueVendorEvent(
  client: Queryable,
  ctx: { faults: FaultStore; log: Logger; dialect: ChatDialect; config: { VENDOR_APP_ID: string } },
  event: ChatEvent,
): Promise<string[]> {
  const now = new Date();
  const drafts = await ctx.dialect.webhooks(
    event,
    { now, newEventId: () => newId('evt'), appId: ctx.config.VENDOR_APP_ID },
    client,
  );
  for (const draft of drafts) {
    const { faults } = ctx;
    const drop = faults.roll('webhooks-drop');
    const hold = drop ? undefined : faults.roll('webhooks-reorder');
    const delay = drop || hold ? undefined : faults.roll('webhooks-delay');
    const duplicate = drop ? undefined : faults.roll('webhooks-duplicate');
    const delayedMs = delay ? (delay.delayMs ?? 0) : null;
    await insertOutbox(client, {
      id: draft.id,
      target: 'vendor',
      type: draft.type,
      body: draft.body,
      messageId: draft.messageId,
      conversationId: draft.conversationId,
      url: draft.url ?? null,
      status: drop ? 'dropped' : hold ? 'held' : 'pending',
      nextAttemptAt: drop || hold ? null : new Date(now.getTime() + (delayedMs ?? 0)),
      dropped: !!drop,
      duplicated: !!duplicate,
      delayedMs,
      heldBy: hold?.id ?? null,
    });
    const applied = [drop, hold, delay, duplicate].filter((f) => f !== undefined).map((f) => f.mode);
    if (applied.length > 0)
      ctx.log.info({ eventId: draft.id, type: draft.type, faults: applied }, 'webhook fault applied');
  }
  return drafts.map((d) => d.id);
}
