import { parseRetryAfter } from '../retry';
import { VendorApiError } from './errors';

/**
 * Turns what an official vendor SDK threw into our VendorApiError, so jobs and the monitor see the same
 * retryable/not-retryable split as with our own HTTP client (./http.ts). Reads the fields both SDKs set:
 * - stream-chat `ErrorFromResponse` (dist/types/client.d.ts `errorFromResponse`): `status`, `code` (Stream's number), `response.headers`;
 * - twilio `RestException` (lib/base/RestException.d.ts): `status`, `code` (Twilio's number), `moreInfo`;
 * - axios network errors under both: no status, `code` such as ECONNREFUSED or ECONNABORTED (timeout).
 * Never keeps the SDK error as `cause` itself: axios errors carry the request config, Authorization header included.
 */
export function vendorErrorFromSdk(what: string, error: unknown): VendorApiError {
  if (error instanceof VendorApiError) return error;
  const record = (error ?? {}) as {
    status?: unknown;
    code?: unknown;
    message?: unknown;
    response?: { status?: unknown; headers?: Record<string, unknown> };
  };
  const status =
    typeof record.status === 'number'
      ? record.status
      : typeof record.response?.status === 'number'
        ? record.response.status
        : null;
  const message = typeof record.message === 'string' ? record.message.slice(0, 300) : 'unknown error';
  const code = record.code === undefined || record.code === null ? null : String(record.code);
  const cause = new Error(`${code ?? 'no code'}: ${message}`);
  if (status === null) {
    return new VendorApiError(`${what} failed: ${code ?? message}`, null, true, { cause, vendorCode: code });
  }
  const retryable = status === 429 || status >= 500;
  const retryAfter = record.response?.headers?.['retry-after'];
  return new VendorApiError(`${what} answered ${status}${code ? ` ${code}` : ''}: ${message}`, status, retryable, {
    cause,
    vendorCode: code,
    retryAfterMs: retryable && typeof retryAfter === 'string' ? parseRetryAfter(retryAfter) : null,
  });
}
