import type { DialectName } from './names';

/**
 * Each dialect's reading of VENDOR_WEBHOOK_SECRET, checked once at start-up (../config.ts): a problem to report, or
 * null when the dialect can sign with it. Kept apart from the dialects themselves so the config imports no routes.
 */
export const webhookSecretProblems: Record<DialectName, (secret: string) => string | null> = {
  // Standard Webhooks secrets are `whsec_` + base64 of at least 16 bytes (spec/standard-webhooks.md › Signature scheme).
  sandbox: (secret) => {
    if (!/^whsec_[A-Za-z0-9+/]+={0,2}$/.test(secret)) return 'must be whsec_ followed by base64';
    if (Buffer.from(secret.slice(6), 'base64').length < 16) return 'must decode to at least 16 bytes';
    return null;
  },
  // TalkJS signs with the secret key string itself as the HMAC key (talkjs.com/docs › Security recommendations).
  talkjs: () => null,
  // Stream signs with the app's API secret (webhooks_overview › Signature): set VENDOR_WEBHOOK_SECRET to it.
  stream: () => null,
  // Sendbird signs with the master API token as given (webhook overview › x-sendbird-signature).
  sendbird: () => null,
  // Twilio signs with the Auth Token, 32 hex characters (webhooks-security › Validating signatures).
  twilio: (secret) => (/^[0-9a-f]{32}$/i.test(secret) ? null : 'a Twilio Auth Token is 32 hexadecimal characters'),
};
