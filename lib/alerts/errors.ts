import { AppError } from '../errors';

/** A channel's endpoint refused the alert or did not answer. Carries what withRetry reads. */
export class AlertSendError extends AppError {
  override readonly name = 'AlertSendError';
  readonly code = 'ALERT_SEND';
  constructor(
    message: string,
    readonly status: number | null,
    readonly retryable: boolean,
    readonly retryAfterMs: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
