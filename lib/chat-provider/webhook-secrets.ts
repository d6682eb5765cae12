import { Webhook } from 'standardwebhooks';
import type { VendorName } from './types';

/**
 * Each vendor's own reading of VENDOR_WEBHOOK_SECRET, used both by its adapter and by start-up validation
 * (lib/config.ts), so a secret the adapter cannot use stops start-up instead of failing on the first delivery.
 * Returns a problem to report, or null when the secret is usable. Imports nothing but the signing libraries.
 */
export const webhookSecretProblems: Record<VendorName, (secret: string) => string | null> = {
  sandbox: (secret) => {
    try {
      sandboxWebhook(secret);
      return null;
    } catch (error) {
      return `not a Standard Webhooks secret (base64, optionally prefixed whsec_): ${(error as Error).message}`;
    }
  },
  // TalkJS signs with the secret key itself (HMAC-SHA256 key = the string as given): any non-empty string works.
  talkjs: () => null,
  // Stream (API secret), Sendbird (master API token) and Twilio (Auth Token) key an HMAC with the string as given.
  stream: () => null,
  sendbird: () => null,
  twilio: (secret) => (/^[0-9a-f]{32}$/i.test(secret) ? null : 'a Twilio Auth Token is 32 hexadecimal characters'),
};

/**
 * The sandbox's verifier, built by the official standardwebhooks library: it strips an optional `whsec_` prefix
 * and base64-decodes the rest (standard-webhooks `libraries/javascript/src/index.ts`, Webhook constructor).
 * Throws the library's error for a secret it cannot decode (e.g. `v1,whsec_…`, a signature pasted as a secret).
 */
export function sandboxWebhook(secret: string): Webhook {
  return new Webhook(secret);
}
