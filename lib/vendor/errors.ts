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
  constructor(
    message: string,
    readonly status: number | null,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
