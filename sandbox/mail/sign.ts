import { createPrivateKey, createSign } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Twilio-Email-Event-Webhook-Signature';
export const TIMESTAMP_HEADER = 'X-Twilio-Email-Event-Webhook-Timestamp';

/** SendGrid's Signed Event Webhook: base64 DER ECDSA-SHA256 over timestamp + raw payload. */
export function sendgridEventHeaders(privateKeyPem: string) {
  const key = createPrivateKey(privateKeyPem);
  return (_eventId: string, body: string, now: Date): Record<string, string> => {
    const timestamp = String(Math.floor(now.getTime() / 1000));
    const signature = createSign('sha256')
      .update(timestamp + body)
      .sign({ key, dsaEncoding: 'der' })
      .toString('base64');
    return { [SIGNATURE_HEADER]: signature, [TIMESTAMP_HEADER]: timestamp };
  };
}
