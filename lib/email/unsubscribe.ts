import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { getConfig } from '../config';

/** What a recipient can opt out of. Transactional mail (password reset, fallback delivery of a message) has no opt-out. */
export const unsubscribePurpose = z.enum(['unread-messages', 'new-inquiry', 'all-notifications']);
export type UnsubscribePurpose = z.infer<typeof unsubscribePurpose>;

export interface UnsubscribeClaim {
  userId: string;
  purpose: UnsubscribePurpose;
}

const payloadSchema = z.object({ u: z.string().min(1), p: unsubscribePurpose });

// A key derived for this one use, so AUTH_SECRET's other users (sessions) never see an HMAC made
// with the raw secret over attacker-influenced input.
const keyFor = (secret: string) => createHmac('sha256', secret).update('chatwatch/unsubscribe/v1').digest();
const mac = (secret: string, payload: string) =>
  createHmac('sha256', keyFor(secret)).update(payload).digest('base64url');

/**
 * `<payload>.<mac>`, both base64url: payload is {u: userId, p: purpose}, mac is HMAC-SHA256 over it.
 * No expiry on purpose: unsubscribe links in old emails must keep working (RFC 8058).
 */
export function createUnsubscribeToken(claim: UnsubscribeClaim, secret = getConfig().AUTH_SECRET): string {
  const payload = Buffer.from(JSON.stringify({ u: claim.userId, p: claim.purpose })).toString('base64url');
  return `${payload}.${mac(secret, payload)}`;
}

/** The claim, or null for anything forged, truncated or malformed. Compared in constant time. */
export function verifyUnsubscribeToken(token: string, secret = getConfig().AUTH_SECRET): UnsubscribeClaim | null {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(mac(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const parsed = payloadSchema.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    return parsed.success ? { userId: parsed.data.u, purpose: parsed.data.p } : null;
  } catch {
    return null;
  }
}

/** `<APP_URL>/api/unsubscribe?token=…`: the page link in the footer and the List-Unsubscribe target. */
export function unsubscribeUrl(claim: UnsubscribeClaim, options: { appUrl?: string; secret?: string } = {}): string {
  // Concatenated, not new URL('/api/…', base): that would drop a path prefix in APP_URL.
  const base = (options.appUrl ?? getConfig().APP_URL).replace(/\/+$/, '');
  return `${base}/api/unsubscribe?token=${encodeURIComponent(createUnsubscribeToken(claim, options.secret))}`;
}

/** RFC 8058 one-click headers; Gmail and Yahoo require them on bulk mail. The route must accept a POST to the same URL. */
export function unsubscribeHeaders(url: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}
