import { createHash } from 'node:crypto';
import type { Db } from '../db/client';

/**
 * Sign-in limits that count FAILED attempts only (a success clears its counters), so a person or a monitor
 * signing in correctly never locks itself out, while guessing is stopped two ways:
 * - per account, whatever address the guesses come from (a forged forwarded-for cannot dodge it);
 * - per client address, whatever accounts it tries (spraying one password over many accounts).
 * Counters live in Postgres (sign_in_failure) so every app instance shares them.
 */
export const LIMITS = {
  account: { max: 10, windowMs: 15 * 60_000 },
  address: { max: 5, windowMs: 60_000 },
} as const;

export type ThrottleScope = keyof typeof LIMITS;

/** Kept for callers and tests that speak of the account limit. */
export const ACCOUNT_FAILURE_LIMIT = LIMITS.account.max;
export const ACCOUNT_FAILURE_WINDOW_MS = LIMITS.account.windowMs;

const hash = (value: string) => createHash('sha256').update(value).digest('hex');
/** Account keys stay the bare hash of the address (as before this module knew scopes); address keys are prefixed. */
const keyFor = (scope: ThrottleScope, value: string) =>
  scope === 'account' ? hash(value.trim().toLowerCase()) : `address:${hash(value)}`;

/** Seconds until `value` (an email or a client address) may try again, or 0 when it may now. */
export async function lockedForSeconds(db: Db, scope: ThrottleScope, value: string, now = new Date()): Promise<number> {
  const row = await db.signInFailure.findUnique({ where: { key: keyFor(scope, value) } });
  const limit = LIMITS[scope];
  if (!row || row.count < limit.max) return 0;
  const endsAt = row.windowStartedAt.getTime() + limit.windowMs;
  return endsAt > now.getTime() ? Math.ceil((endsAt - now.getTime()) / 1000) : 0;
}

/** Counts one failure atomically: a window that has ended starts again at 1. */
export async function recordFailure(db: Db, scope: ThrottleScope, value: string, now = new Date()): Promise<void> {
  const windowStart = new Date(now.getTime() - LIMITS[scope].windowMs);
  await db.$executeRaw`
    INSERT INTO sign_in_failure (key, count, "windowStartedAt") VALUES (${keyFor(scope, value)}, 1, ${now})
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN sign_in_failure."windowStartedAt" <= ${windowStart} THEN 1 ELSE sign_in_failure.count + 1 END,
      "windowStartedAt" = CASE WHEN sign_in_failure."windowStartedAt" <= ${windowStart} THEN ${now} ELSE sign_in_failure."windowStartedAt" END`;
}

/** A success: the account's failures are forgiven (the address's stay: it may be guessing other accounts). */
export async function clearFailures(db: Db, scope: ThrottleScope, value: string): Promise<void> {
  await db.signInFailure.deleteMany({ where: { key: keyFor(scope, value) } });
}
