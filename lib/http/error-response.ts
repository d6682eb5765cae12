import type { Logger } from 'pino';
import { ConflictError, ForbiddenError, NotFoundError, PayloadTooLargeError, UnauthenticatedError, ValidationError } from '../errors';
import { getConfig } from '../config';
import { DatabaseUnavailableError, isDatabaseUnavailable } from '../db/unavailable';
import { VendorApiError, WebhookPayloadError, WebhookSignatureError } from '../chat-provider/errors';

export interface ErrorBody {
  error: { code: string; message: string; fieldErrors?: Record<string, string[]> };
  requestId: string;
}

interface Mapped {
  status: number;
  code: string;
  message: string;
  fieldErrors?: Record<string, string[]>;
}

/** The one place where domain errors become HTTP statuses. Unknown errors never reach the client as they are. */
export function mapError(error: unknown): Mapped | null {
  if (error instanceof ValidationError) return { status: 400, code: 'validation_error', message: error.message, fieldErrors: error.fieldErrors };
  if (error instanceof PayloadTooLargeError) return { status: 413, code: 'payload_too_large', message: error.message };
  if (error instanceof UnauthenticatedError) return { status: 401, code: 'unauthenticated', message: error.message };
  if (error instanceof NotFoundError) return { status: 404, code: 'not_found', message: 'Not found.' };
  if (error instanceof ForbiddenError) return { status: 403, code: 'forbidden', message: error.message };
  if (error instanceof ConflictError) return { status: 409, code: 'conflict', message: error.message };
  if (error instanceof VendorApiError) return { status: 502, code: 'vendor_unavailable', message: 'The chat service is not answering. Try again shortly.' };
  // Webhooks (vendor and SendGrid): the sender retries on any non-2xx, so 503 when we cannot store.
  if (error instanceof WebhookSignatureError) return { status: 401, code: 'invalid_signature', message: 'The webhook signature or timestamp is not valid.' };
  if (error instanceof WebhookPayloadError) return { status: 400, code: 'invalid_payload', message: error.message };
  // Also a raw driver/Prisma error that means "no database" (a service that did not wrap it): 503, never 500.
  if (error instanceof DatabaseUnavailableError || isDatabaseUnavailable(error)) return { status: 503, code: 'unavailable', message: 'Storage is unavailable; retry later.' };
  return null;
}

/** Seconds a 503 asks the caller to wait (RFC 9110 §10.2.3 Retry-After, delay-seconds form). */
function retryAfterSeconds(): string {
  try {
    return String(getConfig().RETRY_AFTER_SECONDS);
  } catch {
    return '5';
  }
}

/**
 * A JSON error response; 5xx are logged with the request id, which the body repeats so support can find the
 * line. A 503 carries Retry-After so webhook senders and clients back off, then retry. The logger's error
 * serializer (lib/log-redact.ts) drops driver fields that quote the request body (pg's `where`/`detail`).
 */
export function errorResponse(error: unknown, requestId: string, log: Logger): Response {
  const mapped = mapError(error) ?? { status: 500, code: 'internal', message: 'Something went wrong on our side. Try again, and tell support this id if it keeps happening.' };
  if (mapped.status === 503) log.warn({ err: error, status: 503 }, 'request refused: dependency unavailable');
  else if (mapped.status >= 500) log.error({ err: error, status: mapped.status }, 'request failed');
  else log.debug({ code: mapped.code, status: mapped.status }, 'request refused');
  const body: ErrorBody = { error: { code: mapped.code, message: mapped.message, ...(mapped.fieldErrors ? { fieldErrors: mapped.fieldErrors } : {}) }, requestId };
  const headers: Record<string, string> = { 'cache-control': 'no-store', 'x-request-id': requestId };
  if (mapped.status === 503) headers['retry-after'] = retryAfterSeconds();
  return Response.json(body, { status: mapped.status, headers });
}
