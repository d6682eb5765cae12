import got, { RequestError, type Method } from 'got';
import type { z } from 'zod';
import { logger } from '../logger';
import { parseRetryAfter } from '../retry';
import { VendorApiError } from './errors';

const DEFAULT_TIMEOUT_MS = 10_000;
const log = logger.child({ component: 'vendor-http' });

export interface VendorHttpOptions {
  /** Used in error messages and logs, e.g. "sandbox". */
  vendor: string;
  /** Everything before the request path, e.g. "https://api.talkjs.com/v1/abc123". */
  baseUrl: string;
  /** Called per request so adapters can mint single-use tokens. The value is never logged. */
  authorization: () => string | Promise<string>;
  /** The header `authorization()` goes in; default Authorization (Sendbird's Platform API wants `Api-Token`). */
  authHeader?: string;
  timeoutMs?: number;
}

export interface VendorRequest {
  /** Path below baseUrl, already URL-encoded per segment (see `segment`). */
  path: string;
  json?: unknown;
  query?: Record<string, string | number | undefined>;
}

export type VendorHttp = <T = unknown>(method: Method, request: VendorRequest) => Promise<{ status: number; body: T }>;

/** Encodes one path segment; ids come from our database and users, so never trust them in a URL raw. */
export const segment = (value: string): string => encodeURIComponent(value);

/**
 * A small JSON client over got. It never retries: jobs own retries and need one clear failure
 * per attempt. Every failure becomes a VendorApiError whose `retryable` says whether trying the
 * same request later can help (429, 5xx, timeouts, network) or not (other 4xx).
 */
export function createVendorHttp(options: VendorHttpOptions): VendorHttp {
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  return async function request<T>(method: Method, { path, json, query }: VendorRequest) {
    const what = `${options.vendor} ${method} ${path}`;
    const searchParams = query
      ? Object.fromEntries(
          Object.entries(query).filter((entry): entry is [string, string | number] => entry[1] !== undefined),
        )
      : undefined;
    const started = performance.now();
    let response;
    try {
      response = await got(`${base}${path}`, {
        method,
        json,
        searchParams,
        headers: { [options.authHeader ?? 'authorization']: await options.authorization(), accept: 'application/json' },
        timeout: { request: timeout },
        retry: { limit: 0 },
        throwHttpErrors: false,
        responseType: 'text',
      });
    } catch (error) {
      const code = error instanceof RequestError ? error.code : 'UNKNOWN';
      log.warn({ vendor: options.vendor, method, path, code }, 'vendor request failed without a response');
      // Not got's error as cause: its enumerable `options` hold the Authorization header, and anything that
      // serializes the cause itself (logging err.cause, an error reporter) would print it.
      const cause = new Error(`${code}: ${(error as Error).message}`);
      throw new VendorApiError(`${what} failed: ${code}`, null, true, { cause, vendorCode: code });
    }

    const ms = Math.round(performance.now() - started);
    log.debug({ vendor: options.vendor, method, path, status: response.statusCode, ms }, 'vendor request');
    const body = parseBody(response.body);

    if (response.statusCode >= 400) {
      const status = response.statusCode;
      const { code, message } = describeError(body, response.body);
      const retryable = status === 429 || status >= 500;
      throw new VendorApiError(`${what} answered ${status}${code ? ` ${code}` : ''}: ${message}`, status, retryable, {
        vendorCode: code,
        retryAfterMs: retryable ? parseRetryAfter(response.headers['retry-after']) : null,
      });
    }
    if (body === INVALID) {
      // A 2xx we cannot read is a vendor (or proxy) fault, not a bad request from us.
      throw new VendorApiError(
        `${what} answered ${response.statusCode} with a body that is not JSON`,
        response.statusCode,
        true,
      );
    }
    return { status: response.statusCode, body: body as T };
  };
}

const INVALID = Symbol('invalid-json');

function parseBody(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID;
  }
}

/** Reads `{error:{code,message}}` (sandbox), `{errorCode, reasons}` (TalkJS) or `{error:true, code:400202, message}` (Sendbird); falls back to a short excerpt. */
function describeError(body: unknown, raw: string): { code: string | null; message: string } {
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    const nested =
      record.error && typeof record.error === 'object' ? (record.error as Record<string, unknown>) : record;
    const code =
      typeof nested.code === 'string' || typeof nested.code === 'number'
        ? String(nested.code)
        : typeof record.errorCode === 'string'
          ? record.errorCode
          : null;
    const message =
      typeof nested.message === 'string'
        ? nested.message
        : typeof record.reasons === 'object'
          ? JSON.stringify(record.reasons)
          : null;
    if (code || message) return { code, message: message ?? '(no message)' };
  }
  return { code: null, message: raw.slice(0, 200) || '(empty body)' };
}

/** Validates a vendor's answer; a shape we do not expect is a contract break that retrying will not fix. */
export function parseResponse<S extends z.ZodType>(
  schema: S,
  body: unknown,
  what: string,
  status: number,
): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new VendorApiError(
    `${what}: unexpected response shape at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    status,
    false,
    {
      cause: result.error,
    },
  );
}
