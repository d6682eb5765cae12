import type { z } from 'zod';

// Typed domain errors. Services throw them; lib/http/ maps them to HTTP statuses and form states in one place.

/** The thing does not exist, or the caller may not know it exists (answered 404 either way). */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  constructor(what: string) {
    super(`${what} not found`);
  }
}

/** The caller is known and may see the thing, but not do this to it (e.g. staff reading a conversation try to write). */
export class ForbiddenError extends Error {
  override readonly name = 'ForbiddenError';
}

/** No signed-in user, or the session expired. */
export class UnauthenticatedError extends Error {
  override readonly name = 'UnauthenticatedError';
  constructor(message = 'Your session has expired. Sign in again.') {
    super(message);
  }
}

/** Input that a person can correct: messages per field, shown next to the field. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
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
export class PayloadTooLargeError extends Error {
  override readonly name = 'PayloadTooLargeError';
}

/** The request conflicts with what is stored (e.g. the email is taken). */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}
