import got, { RequestError } from 'got';
import { parseRetryAfter } from '../retry';
import { AlertSendError } from './errors';

/**
 * POSTs JSON once (the dispatcher owns retries) and throws AlertSendError on anything but 2xx:
 * retryable for 429, 5xx and network failures. The URL is never put in the message (Slack's holds its secret).
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
    throw new AlertSendError(`${channel}: no answer (${code})`, null, true, null, { cause: new Error(code) });
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
