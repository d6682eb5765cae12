import { createHash, timingSafeEqual } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import type { z } from 'zod';
import { WebhookPayloadError, WebhookSignatureError } from './errors';

/** Both vendors, and Standard Webhooks, accept deliveries up to five minutes either side of our clock. */
export const WEBHOOK_TOLERANCE_MS = 5 * 60 * 1000;

/** An HS256 JWT with iss/sub/iat/exp set; `claims` carries vendor-specific extras such as TalkJS's tokenType. */
export async function signHs256(input: {
  secret: string;
  issuer: string;
  subject?: string;
  expiresInSeconds: number;
  claims?: JWTPayload;
  now?: Date;
}): Promise<string> {
  const issuedAt = Math.floor((input.now ?? new Date()).getTime() / 1000);
  const jwt = new SignJWT(input.claims ?? {})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(input.issuer)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + input.expiresInSeconds);
  if (input.subject !== undefined) jwt.setSubject(input.subject);
  return jwt.sign(new TextEncoder().encode(input.secret));
}

/** Throws WebhookSignatureError unless `sentAt` is within the tolerance of `now`: a replayed or badly delayed delivery. */
export function assertFresh(sentAt: Date, now: Date): void {
  const skew = Math.abs(now.getTime() - sentAt.getTime());
  if (!Number.isFinite(skew) || skew > WEBHOOK_TOLERANCE_MS) {
    throw new WebhookSignatureError(
      `webhook timestamp is ${Math.round(skew / 1000)} s away from now (limit ${WEBHOOK_TOLERANCE_MS / 1000} s)`,
    );
  }
}

/** Parses a webhook body that has already passed signature checks: a body that is not JSON is a payload error, not a signature error. */
export function parseJsonBody(rawBody: string): unknown {
  try {
    return JSON.parse(rawBody) as unknown;
  } catch (error) {
    throw new WebhookPayloadError(`webhook body is not JSON: ${(error as Error).message}`, { cause: error });
  }
}

/** Formats a zod failure as a WebhookPayloadError naming the first bad field, so the 400 says what was wrong. */
export function payloadError(what: string, error: z.ZodError): WebhookPayloadError {
  const issue = error.issues[0];
  return new WebhookPayloadError(
    `${what}: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`,
    { cause: error },
  );
}

/** Compares a signature we computed with one we received without leaking where they differ (crypto.timingSafeEqual). */
export function signaturesMatch(expected: string, received: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(received);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A delivery id for vendors that send none (Sendbird; Twilio without I-Twilio-Idempotency-Token): the SHA-256 of the
 * signed raw body. A retry resends the same bytes, so it lands on the same stored key and is acknowledged as a duplicate.
 */
export function bodyDigestId(vendor: string, rawBody: string): string {
  return `${vendor}:${createHash('sha256').update(rawBody).digest('hex')}`;
}
