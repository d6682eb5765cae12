import type { Logger } from 'pino';
import { getConfig } from '../config';
import { isDatabaseUnavailable } from '../db/unavailable';
import { noteUnavailable } from '../db/web-outage';
import { AppError, type ErrorCode, type ValidationError } from '../errors';
import { ERROR_CODE_HEADER } from './error-party';

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

/**
 * How each error code is answered: status, the code the JSON body carries, and a fixed message when the error's own
 * message is not for the client. `null`: not a client's fault nor a known outage, answered as an internal error.
 */
const ANSWERS: Record<ErrorCode, { status: number; code: string; message?: string } | null> = {
  VALIDATION: { status: 400, code: 'validation_error' },
  PAYLOAD_TOO_LARGE: { status: 413, code: 'payload_too_large' },
  UNAUTHENTICATED: { status: 401, code: 'unauthenticated' },
  NOT_FOUND: { status: 404, code: 'not_found', message: 'Not found.' },
  FORBIDDEN: { status: 403, code: 'forbidden' },
  CONFLICT: { status: 409, code: 'conflict' },
  VENDOR_UNAVAILABLE: {
    status: 502,
    code: 'vendor_unavailable',
    message: 'The chat service is not answering. Try again shortly.',
  },
  // Webhooks (vendor and SendGrid): the sender retries on any non-2xx, so 503 when we cannot store.
  INVALID_SIGNATURE: {
    status: 401,
    code: 'invalid_signature',
    message: 'The webhook signature or timestamp is not valid.',
  },
  INVALID_PAYLOAD: { status: 400, code: 'invalid_payload' },
  UNAVAILABLE: { status: 503, code: 'unavailable', message: 'Storage is unavailable; retry later.' },
  // The request's own deadline (REQUEST_DEADLINE_MS) passed, whatever it waited for: retry later, like an outage.
  DEADLINE: { status: 503, code: 'unavailable', message: 'The request could not be completed in time; retry later.' },
  // Shed before any work while the web process is starved (lib/http/pressure.ts): retry later, like an outage.
  OVERLOADED: { status: 503, code: 'overloaded', message: 'The server is overloaded; retry later.' },
  INVALID_UNSUBSCRIBE_TOKEN: null,
  EMAIL_TEMPLATE: null,
  EMAIL_SEND: null,
  ALERT_SEND: null,
  PDF_RENDER: null,
  CONFIG: null,
  MONITOR_FAULT: null,
  STEP_FAILURE: null,
  CHECK_TIMEOUT: null,
  PROMETHEUS_API: null,
};

/** The one place where domain errors become HTTP statuses, by code. Unknown errors never reach the client as they are. */
export function mapError(error: unknown): Mapped | null {
  if (!(error instanceof AppError)) {
    // A raw driver/Prisma error that means "no database" (a service that did not wrap it): 503, never 500.
    return isDatabaseUnavailable(error)
      ? { status: 503, code: 'unavailable', message: 'Storage is unavailable; retry later.' }
      : null;
  }
  const answer = ANSWERS[error.code];
  if (!answer) return null;
  const fieldErrors = error.code === 'VALIDATION' ? (error as ValidationError).fieldErrors : undefined;
  return {
    status: answer.status,
    code: answer.code,
    message: answer.message ?? error.message,
    ...(fieldErrors ? { fieldErrors } : {}),
  };
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
 * line — except 503s, which are counted and logged once per outage (lib/db/web-outage.ts). A 503 carries Retry-After so webhook senders and clients back off, then retry. The logger's error
 * serializer (lib/log-redact.ts) drops driver fields that quote the request body (pg's `where`/`detail`).
 */
export function errorResponse(error: unknown, requestId: string, log: Logger): Response {
  const mapped = mapError(error) ?? {
    status: 500,
    code: 'internal',
    message: 'Something went wrong on our side. Try again, and tell support this id if it keeps happening.',
  };
  if (mapped.status === 503) {
    // One log line per outage (lib/db/web-outage.ts), every refusal counted; this request only at debug. A
    // request that only ran out of time (a slow vendor call) is not taken for a database outage.
    if (isDatabaseUnavailable(error)) noteUnavailable(error, 'api');
    log.debug(
      { status: 503, code: error instanceof AppError ? error.code : undefined },
      'request refused: unavailable',
    );
  } else if (mapped.status >= 500) log.error({ err: error, status: mapped.status }, 'request failed');
  else log.debug({ code: mapped.code, status: mapped.status }, 'request refused');
  const body: ErrorBody = {
    error: {
      code: mapped.code,
      message: mapped.message,
      ...(mapped.fieldErrors ? { fieldErrors: mapped.fieldErrors } : {}),
    },
    requestId,
  };
  const headers: Record<string, string> = {
    'cache-control': 'no-store',
    'x-request-id': requestId,
    [ERROR_CODE_HEADER]: mapped.code,
  };
  if (mapped.status === 503) headers['retry-after'] = retryAfterSeconds();
  return Response.json(body, { status: mapped.status, headers });
}
