import { createHmac } from 'node:crypto';

/**
 * Twilio's request signature, from its documented algorithm (twilio.com/docs/usage/webhooks/webhooks-security ›
 * "Validating signatures from Twilio"): take the full URL Twilio requests (query included), append each POST
 * parameter's name and value with the names sorted alphabetically, HMAC-SHA1 the result keyed with the Auth Token,
 * base64-encode it. Written from the doc, not from any client library.
 */
export function twilioSignature(authToken: string, url: string, params: URLSearchParams): string {
  const names = [...new Set(params.keys())].sort();
  const data = names
    .map((name) =>
      params
        .getAll(name)
        .map((value) => name + value)
        .join(''),
    )
    .join('');
  return createHmac('sha1', authToken)
    .update(Buffer.from(url + data, 'utf8'))
    .digest('base64');
}

/**
 * One attempt's headers: the signature, the form content type, and I-Twilio-Idempotency-Token, which Twilio keeps
 * the same on every retry of one event (webhooks-connection-overrides › Idempotency token), here the outbox id.
 */
export function twilioWebhookHeaders(authToken: string) {
  return (eventId: string, body: string, _now: Date, _attempt: number, url: string): Record<string, string> => ({
    'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
    'x-twilio-signature': twilioSignature(authToken, url, new URLSearchParams(body)),
    'i-twilio-idempotency-token': eventId,
  });
}
