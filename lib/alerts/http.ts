import got, { RequestError, TimeoutError } from 'got';
import { parseRetryAfter } from '../retry';
import { AlertSendError } from './errors';

/**
 * POSTs JSON once (the dispatcher owns retries) and throws AlertSendError on anything but 2xx: retryable for 429,
 * 5xx and a request that never left (outcome `not-sent`); a request with no answer is outcome `unknown`, not
 * retryable here. The URL is never put in the message (Slack's holds its secret).
 */
export async function postJson(
  channel: string,
  url: string,
  body: unknown,
  options: { headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<void> {
  const payload = JSON.stringify(body);
  let response;
  try {
    response = await got.post(url, {
      body: payload,
      headers: { 'content-type': 'application/json', 'user-agent': 'ChatWatch-Monitor/1.0', ...options.headers },
      timeout: { request: options.timeoutMs ?? 10_000 },
      retry: { limit: 0 },
      throwHttpErrors: false,
      responseType: 'text',
    });
  } catch (error) {
    const code = error instanceof RequestError ? error.code : 'UNKNOWN';
    if (neverLeft(error))
      throw new AlertSendError(`${channel}: not connected (${code}); nothing was sent`, null, true, null, {
        cause: new Error(code),
        outcome: 'not-sent',
      });
    // The request may have arrived: whether to send it again is the dispatcher's call, by channel (dropsRepeats).
    throw new AlertSendError(`${channel}: no answer (${code}); it may have arrived`, null, false, null, {
      cause: new Error(code),
      outcome: 'unknown',
    });
  }
  const status = response.statusCode;
  if (status >= 200 && status < 300) return;
  const retryable = status === 429 || status >= 500;
  throw new AlertSendError(
    `${channel}: answered ${status}: ${response.body.slice(0, 200)}`,
    status,
    retryable,
    retryable ? parseRetryAfter(response.headers['retry-after']) : null,
  );
}

/** Errors before a connection existed: DNS and connect failures (Node's error codes, got's timeout phases). */
const CONNECT_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const CONNECT_TIMEOUT_PHASES = new Set(['lookup', 'connect', 'secureConnect']);

/** Whether the request provably never reached the receiver (got's RequestError `code`, TimeoutError `event`). */
function neverLeft(error: unknown): boolean {
  if (error instanceof TimeoutError) return CONNECT_TIMEOUT_PHASES.has(error.event);
  return error instanceof RequestError && CONNECT_ERRORS.has(error.code);
}
