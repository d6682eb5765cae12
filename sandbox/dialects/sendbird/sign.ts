import { createHmac } from 'node:crypto';

/**
 * Sendbird's webhook signature, from its documented algorithm (sendbird.com/docs/chat/platform-api/v3/webhook/
 * webhook-overview › Headers › x-sendbird-signature): the hex HMAC-SHA256 of the raw request body, keyed with the
 * master API token. No time is signed and no delivery id is sent.
 */
export function sendbirdSignature(masterToken: string, rawBody: string): string {
  return createHmac('sha256', masterToken).update(rawBody).digest('hex');
}

export function sendbirdWebhookHeaders(masterToken: string) {
  return (_eventId: string, body: string): Record<string, string> => ({
    'x-sendbird-signature': sendbirdSignature(masterToken, body),
  });
}
