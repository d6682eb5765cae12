import { createHash, randomBytes } from 'node:crypto';

/** "cw_" + 32 random bytes: recognisable in logs and secret scanners, unguessable. */
export function newToken(): string {
  return `cw_${randomBytes(32).toString('base64url')}`;
}

/** Tokens are stored as SHA-256: they are random, so no salt or slow hash is needed, and lookups stay indexed. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
