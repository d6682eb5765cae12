import type { Logger } from 'pino';
import { getConfig } from '../../config';
import { getDb, type Db } from '../../db/client';
import { asDatabaseError } from '../../db/unavailable';
import { readTextLimited } from '../../http/read-text';
import { parseJsonBody, payloadError } from '../../chat-provider/signing';
import { applySendgridEvents, type ApplyResult } from './apply-sendgrid-events';
import { sendgridEventBatch } from './sendgrid-event';
import { verifySendgridSignature } from './verify-sendgrid-signature';

/** SendGrid posts batches of up to a few thousand events. */
export const SENDGRID_WEBHOOK_MAX_BYTES = 5 * 1024 * 1024;

export interface SendgridWebhookDeps {
  log: Logger;
  db?: Db;
  /** Default: SENDGRID_EVENT_PUBLIC_KEY. */
  publicKey?: string;
  now?: () => Date;
}

/**
 * POST /api/webhooks/sendgrid: verify (ECDSA), then apply the batch to the emails' statuses and traces. Valid
 * events are applied and invalid ones recorded, and the answer is 2xx, because SendGrid retries a refused batch
 * for 24 h and then drops all of it (docs: "Event Webhook" › Troubleshooting). Only a bad signature or a body
 * that is not a JSON array is refused. Throws WebhookSignatureError (401), WebhookPayloadError (400),
 * PayloadTooLargeError (413), DatabaseUnavailableError (503).
 */
export async function receiveSendgridWebhook(request: Request, deps: SendgridWebhookDeps): Promise<ApplyResult> {
  const rawBody = await readTextLimited(request, SENDGRID_WEBHOOK_MAX_BYTES);
  verifySendgridSignature({
    rawBody,
    headers: request.headers,
    publicKey: deps.publicKey ?? getConfig().SENDGRID_EVENT_PUBLIC_KEY,
    now: deps.now?.() ?? new Date(),
  });
  // Only a body that is not a JSON array is refused; each event is validated on its own (./apply-sendgrid-events.ts).
  const parsed = sendgridEventBatch.safeParse(parseJsonBody(rawBody));
  if (!parsed.success) throw payloadError('SendGrid event batch (a JSON array of 1–10,000 events)', parsed.error);
  const result = await applySendgridEvents(deps.db ?? getDb(), parsed.data).catch((error: unknown) => {
    throw asDatabaseError(error);
  });
  deps.log.info({ events: parsed.data.length, ...result }, 'SendGrid events applied');
  if (result.invalid > 0)
    deps.log.warn({ invalid: result.invalid }, 'SendGrid events failed validation; kept in sendgrid_event_rejection');
  return result;
}
