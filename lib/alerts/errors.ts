import { AppError } from '../errors';

/**
 * What is known about whether the receiver got an alert request that did not succeed (as EmailSendError's outcome):
 * - `refused`: it answered non-2xx, so it did not take the alert;
 * - `not-sent`: the request provably never left (a DNS or connect failure);
 * - `unknown`: the request may have arrived but no answer came (a timeout after connecting, a reset). Sending it
 *   again is safe only where the receiver drops a repeat (AlertChannel.dropsRepeats).
 */
export type AlertSendOutcome = 'refused' | 'not-sent' | 'unknown';

/** A channel's endpoint refused the alert or did not answer. Carries what withRetry reads. */
export class AlertSendError extends AppError {
  override readonly name = 'AlertSendError';
  readonly code = 'ALERT_SEND';
  readonly outcome: AlertSendOutcome;
  constructor(
    message: string,
    readonly status: number | null,
    readonly retryable: boolean,
    readonly retryAfterMs: number | null = null,
    options?: { cause?: unknown; outcome?: AlertSendOutcome },
  ) {
    super(message, options);
    this.outcome = options?.outcome ?? (status === null ? 'unknown' : 'refused');
  }
}
