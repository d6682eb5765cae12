import type { VendorEventSource } from '../db/generated/enums';
import type { NormalizedEvent, VendorName } from '../chat-provider/types';
import { eventConversationId } from './event-conversation';
import { processVendorEventsJob } from './jobs/process-vendor-events';

/** Anything that runs a named (prepared) statement: a pg Pool or Client. */
export interface PreparedExecutor {
  query<R extends Record<string, unknown>>(config: {
    name: string;
    text: string;
    values: unknown[];
  }): Promise<{ rows: R[] }>;
}

/** The events of one webhook request (or one reconciliation batch). */
export interface IngestInput {
  vendor: VendorName;
  events: NormalizedEvent[];
  /** The signed request body (null for reconciled events). */
  rawBody: string | null;
  receivedAt: Date;
  source: VendorEventSource;
}

export interface IngestResult {
  /** Vendor event ids stored by this call; the others were already stored (redeliveries). */
  accepted: Set<string>;
}

// One statement, so one implicit transaction: the events and their processing job commit together or not at all.
// ON CONFLICT on (vendor, vendorEventId) makes a redelivery a no-op. Newly stored events of a known kind share ONE
// job: graphile-worker's add_job costs ~1 ms and a NOTIFY that serializes commits, so a job per event would cap
// ingestion near 700 events/s here; per statement it is paid once for everything batched together.
// Unknown kinds are stored as IGNORED (forward compatible) and need no job.
const INGEST = {
  name: 'chatwatch_ingest_vendor_events',
  text: `
WITH input AS (
  SELECT * FROM json_to_recordset($1::json) AS t(vendor text, event_id text, type text, occurred_at timestamptz, conversation_id text,
                                                normalized json, kind text, source text, received_at timestamptz, raw_body text)
), inserted AS (
  INSERT INTO vendor_event (vendor, "vendorEventId", type, source, "vendorConversationId", "occurredAt", "receivedAt", normalized, "rawBody", status)
  SELECT vendor, event_id, type, source::"VendorEventSource", conversation_id, occurred_at, received_at, normalized, raw_body,
         (CASE WHEN kind = 'unknown' THEN 'IGNORED' ELSE 'RECEIVED' END)::"VendorEventStatus"
  FROM input
  ON CONFLICT (vendor, "vendorEventId") DO NOTHING
  RETURNING id, vendor, "vendorEventId", status
), job AS (
  SELECT (graphile_worker.add_job($2, json_build_object('eventIds', json_agg(id)), max_attempts => $3)).id
  FROM inserted WHERE status = 'RECEIVED' HAVING count(*) > 0
)
SELECT vendor, "vendorEventId" AS event_id, (SELECT count(*) FROM job) AS jobs FROM inserted`,
};

const key = (vendor: string, eventId: string) => `${vendor}\u0000${eventId}`;

/** Stores one request's events exactly once each and queues their processing, in one statement. Throws the driver's error when PostgreSQL fails (nothing is then stored). */
export async function ingestVendorEvents(executor: PreparedExecutor, input: IngestInput): Promise<IngestResult> {
  return (await ingestVendorEventBatch(executor, [input]))[0]!;
}

/**
 * ingestVendorEvents for several requests at once, in one statement (one transaction, one job). Returns one
 * result per input, in order; an event id repeated across inputs counts as accepted for the first.
 */
export async function ingestVendorEventBatch(
  executor: PreparedExecutor,
  inputs: IngestInput[],
): Promise<IngestResult[]> {
  const rows = inputs.flatMap((input) => input.events.map((event) => ({ input, event })));
  if (rows.length === 0) return inputs.map(() => ({ accepted: new Set() }));
  // The rows travel as one JSON parameter: PostgreSQL parses it in C, where ten array parameters cost pg's
  // JavaScript serializer ~70 µs a request more.
  const records = rows.map(({ input, event }) => ({
    vendor: input.vendor,
    event_id: event.eventId,
    type: event.type,
    occurred_at: event.occurredAt,
    conversation_id: eventConversationId(event),
    normalized: event,
    kind: event.kind,
    source: input.source,
    received_at: input.receivedAt,
    raw_body: input.rawBody,
  }));
  const { rows: inserted } = await executor.query<{ vendor: string; event_id: string }>({
    ...INGEST,
    values: [JSON.stringify(records), processVendorEventsJob.name, processVendorEventsJob.maxAttempts],
  });
  const unclaimed = new Set(inserted.map((r) => key(r.vendor, r.event_id)));
  return inputs.map((input) => {
    const accepted = new Set<string>();
    for (const event of input.events)
      if (unclaimed.delete(key(input.vendor, event.eventId))) accepted.add(event.eventId);
    return { accepted };
  });
}
