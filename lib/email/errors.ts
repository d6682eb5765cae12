/**
 * SendGrid refused the email or could not be reached. `retryable` is true for 429, 5xx and
 * network failures; `reason` is SendGrid's own errors[] text when it sent one.
 */
export class EmailSendError extends Error {
  override readonly name = 'EmailSendError';
  readonly retryAfterMs: number | null;
  constructor(
    readonly reason: string,
    readonly statusCode: number | null,
    readonly retryable: boolean,
    options?: { cause?: unknown; retryAfterMs?: number | null },
  ) {
    super(`SendGrid ${statusCode ?? 'request'} failed: ${reason}`, options);
    this.retryAfterMs = options?.retryAfterMs ?? null;
  }
}
