import type { DbTx } from '../db/tx';
import type { NormalizedEvent } from '../chat-provider/types';
import { cancelReadEmails } from './email-rules/cancel-read-emails';
import type { RuleInput } from './email-rules/rule-input';
import {
  messagingSettingsFromConfig,
  settleEvent,
  unmatchedRetryDelaysMs,
  type EventRow,
  type ProcessContext,
  type ProcessOutcome,
} from './process-vendor-event';
import { recordSentMessages, type SentToRecord } from './record-sent-messages';
import { parseStoredEvent } from './stored-event';

interface Candidate {
  id: string;
  vendor: string;
  conversation: string | null;
  kind: string;
  occurredAt: Date;
  status: string;
}

interface LockedRow extends EventRow {
  conversation: string | null;
  occurredAt: Date;
  receivedAt: Date;
}

const DONE = new Set(['PROCESSED', 'IGNORED']);
const conversationKey = (vendor: string, conversation: string) => `${vendor}:${conversation}`;

/**
 * Processes many stored vendor events in ONE transaction with set-based SQL, with the guarantees of
 * processVendorEvent (./process-vendor-event.ts) for each:
 * - once: rows are locked and a processed event is left alone ('already-done');
 * - per-conversation order: the batch first takes its conversations' advisory locks (the same keys as
 *   lockConversation) — blocking, in one sorted order so two workers cannot deadlock — then, for each known
 *   conversation with a message.sent, pulls in its earlier message.sent events still waiting wherever their jobs
 *   are, and records every conversation's messages in the vendor's order;
 * - "first message" and coalescing: applyEmailRulesBatch gives the outcome of applying the rules one by one;
 * - crash-safe: one transaction; a crash rolls it back and the job runs again.
 * With `fillTo`, the batch is topped up with other waiting message.sent / message.read events of known
 * conversations (oldest first, first attempts only) whose conversation lock it gets WITHOUT waiting: another
 * worker holding one simply keeps it, and the topped-up events' own jobs later find them already done.
 * Reads are stored in one INSERT; message.sent in recordSentMessages; other kinds, and message.sent of unknown
 * conversations (the retry schedule), go through their per-event handler inside the same transaction.
 * Returns the outcome of each requested event id (topped-up events are not listed).
 */
export async function processVendorEventBatch(
  ctx: ProcessContext,
  input: { eventIds: string[]; fillTo?: number },
): Promise<Map<string, ProcessOutcome>> {
  const settle = {
    log: ctx.log,
    now: ctx.clock.now(),
    settings: ctx.settings ?? messagingSettingsFromConfig(ctx.config),
    unmatchedRetryDelaysMs: ctx.unmatchedRetryDelaysMs ?? unmatchedRetryDelaysMs(ctx.config),
  };
  const outcomes = new Map<string, ProcessOutcome>(input.eventIds.map((id) => [id, 'missing']));
  const own = await candidates(ctx.db, input.eventIds);
  for (const c of own) outcomes.set(c.id, 'already-done');
  const open = own.filter((c) => !DONE.has(c.status));
  if (open.length === 0) return outcomes;

  await ctx.db.$transaction(
    async (tx) => {
      const held = new Set(open.flatMap((c) => (c.conversation ? [conversationKey(c.vendor, c.conversation)] : [])));
      await tx.$queryRaw`
        SELECT count(*) FROM (
          SELECT pg_advisory_xact_lock(k) FROM (
            SELECT DISTINCT hashtextextended(x, 0) AS k FROM unnest(${[...held]}::text[]) AS x ORDER BY k) AS sorted) AS locked`;
      const extra =
        input.fillTo && input.fillTo > open.length ? await topUp(tx, open, held, input.fillTo - open.length) : [];
      const earlier = await earlierWaiting(tx, [...open, ...extra]);
      const ids = [...new Set([...open, ...extra].map((c) => c.id).concat(earlier))];
      const rows = await tx.$queryRaw<LockedRow[]>`
        SELECT id::text, vendor, source, status, attempts, normalized, "vendorConversationId" AS conversation, "occurredAt", "receivedAt"
        FROM vendor_event WHERE id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE`;
      const requested = new Set(input.eventIds);
      // A requested event is processed unless done meanwhile; one pulled in only while it still waits.
      const todo = rows
        .filter((r) => (requested.has(r.id) ? !DONE.has(r.status) : r.status === 'RECEIVED'))
        .sort(
          (a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.receivedAt.getTime() - b.receivedAt.getTime(),
        );
      for (const r of rows) if (requested.has(r.id) && DONE.has(r.status)) outcomes.set(r.id, 'already-done');
      const events = new Map(todo.map((r) => [r.id, parseStoredEvent(r.normalized)]));
      const known = await knownConversations(tx, todo);

      const reads: LockedRow[] = [];
      const sent: (SentToRecord & { row: LockedRow })[] = [];
      const others: LockedRow[] = [];
      for (const row of todo) {
        const event = events.get(row.id)!;
        const conversation = row.conversation ? known.get(conversationKey(row.vendor, row.conversation)) : undefined;
        // A read horizon covers messages recorded before it, this batch's included: it goes after them, one by one.
        if (event.kind === 'message.read' && !event.upTo) reads.push(row);
        else if (event.kind === 'message.sent' && conversation)
          sent.push({ row, vendor: row.vendor, source: row.source, event, conversation });
        else others.push(row);
      }
      // Reads first: a message read before the batch records it gets no unread email at all.
      await recordReads(
        tx,
        reads.map((row) => ({ row, event: events.get(row.id) as ReadEvent })),
        settle.now,
      );
      sent.sort(
        (a, b) =>
          a.conversation.id.localeCompare(b.conversation.id) ||
          a.event.occurredAt.getTime() - b.event.occurredAt.getTime() ||
          a.row.receivedAt.getTime() - b.row.receivedAt.getTime(),
      );
      await recordSentMessages(tx, { sent, now: settle.now, settings: settle.settings });
      const bulk = [...reads, ...sent.map((s) => s.row)];
      if (bulk.length > 0) {
        await tx.$executeRaw`
          UPDATE vendor_event SET status = 'PROCESSED', "processedAt" = ${settle.now}::timestamptz, attempts = attempts + 1, "lastError" = NULL
          WHERE id = ANY(${bulk.map((r) => r.id)}::uuid[])`;
        for (const r of bulk) if (requested.has(r.id)) outcomes.set(r.id, 'processed');
      }
      for (const row of others) {
        const outcome = await settleEvent({ tx, ...settle }, row);
        if (requested.has(row.id)) outcomes.set(row.id, outcome);
      }
      ctx.log.debug(
        { requested: input.eventIds.length, toppedUp: extra.length, pulledIn: earlier.length, processed: todo.length },
        'vendor event batch processed',
      );
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
  return outcomes;
}

type ReadEvent = Extract<NormalizedEvent, { kind: 'message.read' }>;

/** The requested events as they are now (before any lock). */
function candidates(db: ProcessContext['db'], eventIds: string[]): Promise<Candidate[]> {
  return db.$queryRaw<Candidate[]>`
    SELECT id::text, vendor, "vendorConversationId" AS conversation, normalized->>'kind' AS kind, "occurredAt", status::text
    FROM vendor_event WHERE id = ANY(${eventIds}::uuid[])`;
}

/** Other first-attempt events waiting, of conversations we know and whose lock we get without waiting. */
async function topUp(tx: DbTx, open: Candidate[], held: Set<string>, room: number): Promise<Candidate[]> {
  const ownIds = open.map((c) => c.id);
  const waiting = await tx.$queryRaw<Candidate[]>`
    SELECT v.id::text, v.vendor, v."vendorConversationId" AS conversation, v.normalized->>'kind' AS kind, v."occurredAt", v.status::text
    FROM vendor_event v
    WHERE v.status = 'RECEIVED' AND v.attempts = 0 AND v.normalized->>'kind' IN ('message.sent', 'message.read')
      AND v."vendorConversationId" IS NOT NULL AND NOT (v.id = ANY(${ownIds}::uuid[]))
      AND EXISTS (SELECT 1 FROM conversation c WHERE c.vendor = v.vendor AND c."vendorConversationId" = v."vendorConversationId")
    ORDER BY v."receivedAt" LIMIT ${room}`;
  const wanted = [...new Set(waiting.map((c) => conversationKey(c.vendor, c.conversation!)))].filter(
    (k) => !held.has(k),
  );
  if (wanted.length > 0) {
    const got = await tx.$queryRaw<{ key: string }[]>`
      SELECT x AS key FROM unnest(${wanted}::text[]) AS x WHERE pg_try_advisory_xact_lock(hashtextextended(x, 0))`;
    for (const { key } of got) held.add(key);
  }
  return waiting.filter((c) => held.has(conversationKey(c.vendor, c.conversation!)));
}

/**
 * The ids of waiting (RECEIVED) message.sent events, per conversation older than a time: parameters $1 vendors
 * (text[]), $2 vendor conversation ids (text[]), $3 times (timestamptz[]), one element per conversation.
 * LATERAL, so each conversation's lookup is a range of vendor_event_waiting_idx bounded by its own time: only the
 * events still waiting and older are read, never the conversation's whole history. A plain join applied the time
 * after the scan, so a batch's cost grew with the backlog (~200 ms per batch at 100,000 waiting events over 20
 * conversations, and a 300,000-event backlog drained at ~110 events/s). OFFSET 0 keeps the planner from flattening
 * the subquery back into that join.
 */
export const EARLIER_WAITING_SQL = `
  SELECT v.id::text
  FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS x(vendor, conversation, at)
  CROSS JOIN LATERAL (
    SELECT w.id, w.normalized FROM vendor_event w
    WHERE w.vendor = x.vendor AND w."vendorConversationId" = x.conversation AND w.status = 'RECEIVED' AND w."occurredAt" < x.at
    OFFSET 0
  ) AS v
  WHERE v.normalized->>'kind' = 'message.sent'
    AND EXISTS (SELECT 1 FROM conversation c WHERE c.vendor = x.vendor AND c."vendorConversationId" = x.conversation)`;

/** Waiting message.sent events of known conversations older than this batch's newest message there: they go first. */
async function earlierWaiting(tx: DbTx, batch: Candidate[]): Promise<string[]> {
  const newest = new Map<string, { vendor: string; conversation: string; at: Date }>();
  for (const c of batch) {
    if (c.kind !== 'message.sent' || !c.conversation) continue;
    const key = conversationKey(c.vendor, c.conversation);
    const seen = newest.get(key);
    if (!seen || seen.at < c.occurredAt)
      newest.set(key, { vendor: c.vendor, conversation: c.conversation, at: c.occurredAt });
  }
  if (newest.size === 0) return [];
  const list = [...newest.values()];
  const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
    EARLIER_WAITING_SQL,
    list.map((n) => n.vendor),
    list.map((n) => n.conversation),
    list.map((n) => n.at),
  );
  return rows.map((r) => r.id);
}

/** Our conversation rows (with their project) for the events' vendor conversations, by "vendor:conversation". */
async function knownConversations(
  tx: DbTx,
  rows: LockedRow[],
): Promise<Map<string, { id: string; project: RuleInput['project'] }>> {
  const pairs = [
    ...new Map(rows.filter((r) => r.conversation).map((r) => [conversationKey(r.vendor, r.conversation!), r])).values(),
  ];
  if (pairs.length === 0) return new Map();
  const found = await tx.$queryRaw<
    {
      id: string;
      vendor: string;
      vendorConversationId: string;
      projectId: string;
      title: string;
      clientId: string;
      designerId: string;
    }[]
  >`
    SELECT c.id::text, c.vendor, c."vendorConversationId", p.id AS "projectId", p.title, p."clientId", p."designerId"
    FROM conversation c JOIN project p ON p.id = c."projectId"
    WHERE (c.vendor, c."vendorConversationId") IN (
      SELECT * FROM unnest(${pairs.map((r) => r.vendor)}::text[], ${pairs.map((r) => r.conversation!)}::text[]))`;
  return new Map(
    found.map((c) => [
      conversationKey(c.vendor, c.vendorConversationId),
      { id: c.id, project: { id: c.projectId, title: c.title, clientId: c.clientId, designerId: c.designerId } },
    ]),
  );
}

/** handleMessageRead for many events: their read state in one INSERT, then each reader's emails now fully read cancelled. */
async function recordReads(tx: DbTx, reads: { row: LockedRow; event: ReadEvent }[], now: Date): Promise<void> {
  if (reads.length === 0) return;
  const rows = reads.flatMap(({ row, event }) =>
    event.messageIds.map((id) => ({
      vendor: row.vendor,
      vendor_message_id: id,
      reader_id: event.readerId,
      conversation_id: event.conversationId,
      read_at: event.readAt,
      event_id: event.eventId,
    })),
  );
  await tx.$executeRaw`
    INSERT INTO message_read (vendor, "vendorMessageId", "readerId", "vendorConversationId", "readAt", "vendorEventId")
    SELECT vendor, vendor_message_id, reader_id, conversation_id, read_at, event_id
    FROM json_to_recordset(${JSON.stringify(rows)}::json) AS t(vendor text, vendor_message_id text, reader_id text, conversation_id text, read_at timestamptz, event_id text)
    ON CONFLICT DO NOTHING`;
  for (const { row, event } of reads) {
    await cancelReadEmails(tx, {
      vendor: row.vendor,
      readerId: event.readerId,
      vendorMessageIds: event.messageIds,
      readAt: event.readAt,
      now,
    });
  }
}
