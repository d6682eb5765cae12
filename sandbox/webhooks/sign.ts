import { Webhook } from 'standardwebhooks';

/** Standard Webhooks headers; webhook-id is the event id, so it is the same on every retry. */
export function vendorWebhookHeaders(secret: string) {
  const webhook = new Webhook(secret);
  return (eventId: string, body: string, now: Date): Record<string, string> => ({
    'webhook-id': eventId,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': webhook.sign(eventId, now, body),
  });
}
