/** The webhook's signature, or its timestamp window, does not check out: answer 401, store nothing. */
export class WebhookSignatureError extends Error {
  override readonly name = 'WebhookSignatureError';
}

/** The webhook is signed correctly but its body is not JSON or not the vendor's shape: answer 400. */
export class WebhookPayloadError extends Error {
  override readonly name = 'WebhookPayloadError';
}

/** The vendor's API answered with an error or did not answer. `retryable` tells a job whether to try again. */
export class VendorApiError extends Error {
  override readonly name = 'VendorApiError';
  /** The vendor's own error code (e.g. "conversation_not_found"), when it sent one. */
  readonly code: string | null;
  /** From a Retry-After header on 429/503, so a job can wait as long as the vendor asked. */
  readonly retryAfterMs: number | null;
  constructor(
    message: string,
    readonly status: number | null,
    readonly retryable: boolean,
    options?: { cause?: unknown; code?: string | null; retryAfterMs?: number | null },
  ) {
    super(message, options);
    this.code = options?.code ?? null;
    this.retryAfterMs = options?.retryAfterMs ?? null;
  }
}
