import type { z } from 'zod';

export type ErrorCode =
  | 'invalid_json'
  | 'validation_error'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'payload_too_large'
  | 'service_unavailable'
  | 'too_many_requests'
  | 'internal';

/** A failure the client caused or should see; mapped to HTTP in one place (http/error-handler.ts). */
export class SandboxError extends Error {
  override readonly name = 'SandboxError';
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 429 | 500 | 503,
    readonly code: ErrorCode,
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

/** An error whose body carries the vendor's own numeric code (Sendbird 400202, Twilio 50353…), not the kind's. */
export class VendorCodedError extends SandboxError {
  constructor(
    status: SandboxError['status'],
    readonly vendorCode: number,
    message: string,
  ) {
    super(status, 'validation_error', message);
  }
}

export const notFound = (what: string): SandboxError => new SandboxError(404, 'not_found', `${what} not found`);

/** Parses a raw body as JSON or throws invalid_json. */
export function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new SandboxError(400, 'invalid_json', 'Request body is not valid JSON');
  }
}

/** Validates with zod; the error message names the first bad field. */
export function validate<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : null;
  const message = field ? `${field}: ${issue?.message}` : (issue?.message ?? 'Invalid request');
  throw new SandboxError(400, 'validation_error', message, field);
}
