import { AppError } from '../errors';

/** The webhook's signature, or its timestamp window, does not check out: answer 401, store nothing. */
export class WebhookSignatureError extends AppError {
  override readonly name = 'WebhookSignatureError';
  readonly code = 'INVALID_SIGNATURE';
}

/** The webhook is signed correctly but its body is not JSON or not the vendor's shape: answer 400. */
export class WebhookPayloadError extends AppError {
  override readonly name = 'WebhookPayloadError';
  readonly code = 'INVALID_PAYLOAD';
}

/** The vendor's API answered with an error or did not answer. `retryable` tells a job whether to try again. */
export class VendorApiError extends AppError {
  override readonly name = 'VendorApiError';
  readonly code = 'VENDOR_UNAVAILABLE';
  /** The vendor's own error code (e.g. "conversation_not_found"), when it sent one; `code` is our domain code. */
  readonly vendorCode: string | null;
  /** From a Retry-After header on 429/503, so a job can wait as long as the vendor asked. */
  readonly retryAfterMs: number | null;
  constructor(
    message: string,
    readonly status: number | null,
    readonly retryable: boolean,
    options?: { cause?: unknown; vendorCode?: string | null; retryAfterMs?: number | null },
  ) {
    super(message, options);
    this.vendorCode = options?.vendorCode ?? null;
    this.retryAfterMs = options?.retryAfterMs ?? null;
  }
}

/** A listing needed more requests than our per-run budget allows: our own limit, not a vendor failure. */
export class ListingBudgetError extends Error {
  override readonly name = 'ListingBudgetError';
}
