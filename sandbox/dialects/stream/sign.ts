import { createHmac } from 'node:crypto';

/**
 * Stream's webhook headers (getstream.io/chat/docs/node/webhooks_overview › "Signature" and › "Idempotency"):
 * `X-Signature` = HMAC-SHA256 of the raw body keyed with the app's API secret, lowercase hex; `X-Webhook-Id` the
 * same on every retry of one event; `X-Webhook-Attempt` the attempt number, from 1. Stream signs no time.
 */
export function streamSignature(secret: string, rawBody: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('hex');
}

export function streamWebhookHeaders(secret: string) {
  return (eventId: string, body: string, _now: Date, attempt: number): Record<string, string> => ({
    'X-Signature': streamSignature(secret, body),
    'X-Webhook-Id': eventId,
    'X-Webhook-Attempt': String(attempt),
  });
}
