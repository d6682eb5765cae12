import { EventWebhook, EventWebhookHeader } from '@sendgrid/eventwebhook';
import { assertFresh } from '../../chat-provider/signing';
import { WebhookSignatureError } from '../../chat-provider/errors';

const verifier = new EventWebhook();
const keys = new Map<string, ReturnType<EventWebhook['convertPublicKeyToECDSA']>>();

/**
 * SendGrid's Signed Event Webhook: ECDSA P-256 over timestamp + raw body, checked with @sendgrid/eventwebhook
 * against the verification key (base64 DER). Timestamps more than 5 minutes away are refused as replays.
 */
export function verifySendgridSignature(input: {
  rawBody: string;
  headers: Headers;
  publicKey: string;
  now: Date;
}): void {
  const signature = input.headers.get(EventWebhookHeader.SIGNATURE());
  const timestamp = input.headers.get(EventWebhookHeader.TIMESTAMP());
  if (!signature || !timestamp) throw new WebhookSignatureError('missing SendGrid signature headers');
  if (!/^\d{1,12}$/.test(timestamp)) throw new WebhookSignatureError('malformed SendGrid timestamp');
  assertFresh(new Date(Number(timestamp) * 1000), input.now);
  let key = keys.get(input.publicKey);
  if (!key) keys.set(input.publicKey, (key = verifier.convertPublicKeyToECDSA(input.publicKey)));
  let valid = false;
  try {
    valid = verifier.verifySignature(key, input.rawBody, signature, timestamp);
  } catch (error) {
    throw new WebhookSignatureError('malformed SendGrid signature', { cause: error });
  }
  if (!valid) throw new WebhookSignatureError('SendGrid signature does not match');
}
