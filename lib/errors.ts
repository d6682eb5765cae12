import type { z } from 'zod';

// Typed domain errors. Every domain error extends AppError with a `code`; lib/http/ maps codes (not classes) to HTTP
// statuses and form states in one table (lib/http/error-response.ts).

/** Every domain error's code. A new code fails to compile until lib/http/error-response.ts says how it is answered. */
export type ErrorCode =
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'VALIDATION'
  | 'PAYLOAD_TOO_LARGE'
  | 'CONFLICT'
  | 'UNAVAILABLE'
  | 'DEADLINE'
  | 'OVERLOADED'
  | 'VENDOR_UNAVAILABLE'
  | 'INVALID_SIGNATURE'
  | 'INVALID_PAYLOAD'
  | 'INVALID_UNSUBSCRIBE_TOKEN'
  | 'EMAIL_TEMPLATE'
  | 'EMAIL_SEND'
  | 'ALERT_SEND'
  | 'PDF_RENDER'
  | 'CONFIG'
  | 'MONITOR_FAULT'
  | 'STEP_FAILURE'
  | 'CHECK_TIMEOUT'
  | 'PROMETHEUS_API';

/** The one error base: a message, an optional cause, and a code that says what kind of failure this is. */
export abstract class AppError extends Error {
  abstract readonly code: ErrorCode;
}

/** The thing does not exist, or the caller may not know it exists (answered 404 either way). */
export class NotFoundError extends AppError {
  override readonly name = 'NotFoundError';
  readonly code = 'NOT_FOUND';
  constructor(what: string) {
    super(`${what} not found`);
  }
}

/** The caller is known and may see the thing, but not do this to it (e.g. staff reading a conversation try to write). */
export class ForbiddenError extends AppError {
  override readonly name = 'ForbiddenError';
  readonly code = 'FORBIDDEN';
}

/** No signed-in user, or the session expired. */
export class UnauthenticatedError extends AppError {
  override readonly name = 'UnauthenticatedError';
  readonly code = 'UNAUTHENTICATED';
  constructor(message = 'Your session has expired. Sign in again.') {
    super(message);
  }
}

/** Input that a person can correct: messages per field, shown next to the field. */
export class ValidationError extends AppError {
  override readonly name = 'ValidationError';
  readonly code = 'VALIDATION';
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(message);
  }

  /** Field messages from a zod failure, keyed by the top-level field name. */
  static fromZod(error: z.ZodError, message = 'Please correct the highlighted fields.'): ValidationError {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of error.issues) {
      const key = String(issue.path[0] ?? 'form');
      (fieldErrors[key] ??= []).push(issue.message);
    }
    return new ValidationError(message, fieldErrors);
  }
}

/** The request body is larger than the route accepts (413). */
export class PayloadTooLargeError extends AppError {
  override readonly name = 'PayloadTooLargeError';
  readonly code = 'PAYLOAD_TOO_LARGE';
}

/** The request conflicts with what is stored (e.g. the email is taken). */
export class ConflictError extends AppError {
  override readonly name = 'ConflictError';
  readonly code = 'CONFLICT';
}
