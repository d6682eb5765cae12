import { createHmac } from 'node:crypto';

/**
 * TalkJS's webhook signature, from its documented algorithm (talkjs.com/docs › Features › Security settings ›
 * Security recommendations › "Verify webhook integrity"): HMAC-SHA256 with the secret key over
 * `X-TalkJS-Timestamp + "." + raw body`, "encoded as uppercase hexadecimal characters". TalkJS's PHP example
 * (talkjs/talkjs-examples webhooks/php/webhook_callback.php) computes the same: strtoupper(hash_hmac("sha256", "$timestamp.$payload", $secret)).
 */
export function talkjsSignature(secret: string, timestamp: string, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex').toUpperCase();
}

/**
 * X-TalkJS-Timestamp and X-TalkJS-Signature for one attempt. The docs do not state the timestamp's unit; TalkJS
 * gives every other time in Unix milliseconds, so the sandbox sends milliseconds (a receiver must not assume seconds).
 */
export function talkjsWebhookHeaders(secret: string) {
  return (_eventId: string, body: string, now: Date): Record<string, string> => {
    const timestamp = String(now.getTime());
    return { 'X-TalkJS-Timestamp': timestamp, 'X-TalkJS-Signature': talkjsSignature(secret, timestamp, body) };
  };
}
