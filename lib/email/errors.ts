import { AppError } from '../errors';

/**
 * What is known about whether SendGrid accepted a request that did not succeed:
 * - `refused`: SendGrid answered non-2xx, so it did not accept the mail (safe to send again when retryable);
 * - `not-sent`: the request provably never reached SendGrid (a connect error, or our own invalid input);
 * - `unknown`: the request may have reached SendGrid but no answer came (timeout, connection reset). SendGrid's
 *   mail/send has no idempotency key, so sending again could deliver it twice: never retried blindly.
 */
export type SendOutcome = 'refused' | 'not-sent' | 'unknown';

/**
 * SendGrid refused the email or could not be reached. `retryable` is true only when sending again cannot make a
 * duplicate and may succeed: 429, 5xx, and connect errors; `reason` is SendGrid's own errors[] text when it sent one.
 */
export class EmailSendError extends AppError {
  override readonly name = 'EmailSendError';
  readonly code = 'EMAIL_SEND';
  readonly retryAfterMs: number | null;
  readonly outcome: SendOutcome;
  constructor(
    readonly reason: string,
    readonly statusCode: number | null,
    readonly retryable: boolean,
    options?: { cause?: unknown; retryAfterMs?: number | null; outcome?: SendOutcome },
  ) {
    super(`SendGrid ${statusCode ?? 'request'} failed: ${reason}`, options);
    this.retryAfterMs = options?.retryAfterMs ?? null;
    this.outcome = options?.outcome ?? (statusCode === null ? 'not-sent' : 'refused');
  }
}
