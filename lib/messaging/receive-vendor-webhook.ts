import type { Logger } from 'pino';
import { PayloadTooLargeError } from '../errors';
import { getConfig } from '../config';
import { pinnedExecutor } from '../db/pinned-executor';
import { getPool } from '../db/pool';
import { asDatabaseError, DatabaseUnavailableError } from '../db/unavailable';
import { readTextLimited } from '../http/read-text';
import { vendorWebhookLagSeconds, vendorWebhooksReceived, webhookIngestSeconds } from '../metrics/app-metrics';
import { WebhookPayloadError, WebhookSignatureError } from '../chat-provider/errors';
import { getChatProvider } from '../chat-provider';
import type { ChatProvider, NormalizedEvent } from '../chat-provider/types';
import { batcherFor, IngestBatcher } from './ingest-batcher';
import type { PreparedExecutor } from './ingest-vendor-events';

const globalForIngest = globalThis as unknown as { chatwatchIngest?: IngestBatcher };

/** The process's batcher: WEBHOOK_INGEST_STATEMENTS in flight at most, each on a pool client kept checked out. */
function defaultBatcher(): IngestBatcher {
  if (!globalForIngest.chatwatchIngest) {
    const slots = getConfig().WEBHOOK_INGEST_STATEMENTS;
    globalForIngest.chatwatchIngest = new IngestBatcher(pinnedExecutor(getPool(), slots), {
      maxInFlight: slots,
      maxEvents: 200,
    });
  }
  return globalForIngest.chatwatchIngest;
}

/** Vendors send one event per request; a quarter megabyte leaves room for long messages and refuses floods. */
export const VENDOR_WEBHOOK_MAX_BYTES = 256 * 1024;

export interface ReceiveDeps {
  log: Logger;
  /** Default: the configured vendor. */
  vendor?: ChatProvider;
  /** Default: the process's plain pg pool. */
  db?: PreparedExecutor;
  now?: () => Date;
  /**
   * Default with the process pool: WEBHOOK_DEADLINE_MS. The request answers 503 once this long has passed since
   * `startedAt` — reading the body and checking the signature count too, not only the wait for storage.
   */
  deadlineMs?: number;
  /** `performance.now()` when the request reached the route (RouteContext.startedAt); default: when this is called. */
  startedAt?: number;
}

export interface ReceiveResult {
  received: number;
  accepted: number;
  duplicates: number;
}

function failureResult(error: unknown): string {
  if (error instanceof WebhookSignatureError) return 'bad_signature';
  if (error instanceof WebhookPayloadError) return 'bad_request';
  if (error instanceof PayloadTooLargeError) return 'too_large';
  if (error instanceof DatabaseUnavailableError) return 'unavailable';
  return 'error';
}

/**
 * POST /api/webhooks/chat: read the raw body (≤ 256 KB), verify it through the vendor adapter, store every
 * event and its processing job in one statement (shared with concurrent requests under load: ./ingest-batcher.ts),
 * acknowledge — or 503 (with Retry-After) once WEBHOOK_DEADLINE_MS has passed, so a frozen database never
 * holds a vendor's delivery past its timeout. Nothing else happens in the request: no email,
 * no ORM. Throws WebhookSignatureError (401), WebhookPayloadError (400), PayloadTooLargeError (413) or
 * DatabaseUnavailableError (503) for lib/http to map; in each case nothing was stored.
 */
export async function receiveVendorWebhook(request: Request, deps: ReceiveDeps): Promise<ReceiveResult> {
  const started = deps.startedAt ?? performance.now();
  const vendor = deps.vendor ?? getChatProvider();
  let events: NormalizedEvent[] | undefined;
  try {
    const rawBody = await readTextLimited(request, VENDOR_WEBHOOK_MAX_BYTES);
    events = await vendor.parseWebhook({ rawBody, headers: request.headers, url: request.url });
    const receivedAt = deps.now?.() ?? new Date();
    const deadlineMs = deps.deadlineMs ?? (deps.db ? undefined : getConfig().WEBHOOK_DEADLINE_MS);
    const batcher = deps.db ? batcherFor(deps.db) : defaultBatcher();
    // What is left of the deadline: under CPU load the body read and the signature check take their share.
    const leftMs = deadlineMs === undefined ? undefined : Math.max(0, deadlineMs - (performance.now() - started));
    const { accepted } = await batcher
      .ingest({ vendor: vendor.name, events, rawBody, receivedAt, source: 'WEBHOOK' }, leftMs)
      .catch((error: unknown) => {
        throw asDatabaseError(error);
      });
    for (const event of events) {
      const isNew = accepted.has(event.eventId);
      vendorWebhooksReceived().inc({ type: event.kind, result: isNew ? 'accepted' : 'duplicate' });
      if (isNew)
        vendorWebhookLagSeconds().observe(Math.max(0, (receivedAt.getTime() - event.occurredAt.getTime()) / 1000));
    }
    if (deps.log.isLevelEnabled('debug'))
      deps.log.debug(
        { events: events.map((e) => ({ id: e.eventId, type: e.type, new: accepted.has(e.eventId) })) },
        'vendor webhook stored',
      );
    return { received: events.length, accepted: accepted.size, duplicates: events.length - accepted.size };
  } catch (error) {
    const result = failureResult(error);
    vendorWebhooksReceived().inc({ type: events?.[0]?.kind ?? 'unparsed', result });
    if (result === 'bad_signature')
      deps.log.warn({ reason: (error as Error).message }, 'vendor webhook refused: bad signature');
    else if (result === 'bad_request')
      deps.log.warn({ reason: (error as Error).message }, 'vendor webhook refused: bad payload');
    throw error;
  } finally {
    webhookIngestSeconds().observe((performance.now() - started) / 1000);
  }
}
