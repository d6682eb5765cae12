import { createHash } from 'node:crypto';
import type { Db } from '../db/client';

/**
 * Failed sign-ins per account, whatever address they come from. The per-address limit (better-auth's rate
 * limiter) trusts a forwarded-for header, which a client can forge when no proxy overwrites it; this one
 * cannot be dodged that way. A success clears the count.
 */
export const ACCOUNT_FAILURE_LIMIT = 10;
export const ACCOUNT_FAILURE_WINDOW_MS = 15 * 60_000;

const keyFor = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

/** Seconds until the account may try again, or 0 when it may now. */
export async function accountLockedForSeconds(db: Db, email: string, now = new Date()): Promise<number> {
  const row = await db.signInFailure.findUnique({ where: { key: keyFor(email) } });
  if (!row || row.count < ACCOUNT_FAILURE_LIMIT) return 0;
  const endsAt = row.windowStartedAt.getTime() + ACCOUNT_FAILURE_WINDOW_MS;
  return endsAt > now.getTime() ? Math.ceil((endsAt - now.getTime()) / 1000) : 0;
}

/** Counts one failure atomically: a window that has ended starts again at 1. */
export async function recordSignInFailure(db: Db, email: string, now = new Date()): Promise<void> {
  const windowStart = new Date(now.getTime() - ACCOUNT_FAILURE_WINDOW_MS);
  await db.$executeRaw`
    INSERT INTO sign_in_failure (key, count, "windowStartedAt") VALUES (${keyFor(email)}, 1, ${now})
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN sign_in_failure."windowStartedAt" <= ${windowStart} THEN 1 ELSE sign_in_failure.count + 1 END,
      "windowStartedAt" = CASE WHEN sign_in_failure."windowStartedAt" <= ${windowStart} THEN ${now} ELSE sign_in_failure."windowStartedAt" END`;
}

export async function clearSignInFailures(db: Db, email: string): Promise<void> {
  await db.signInFailure.deleteMany({ where: { key: keyFor(email) } });
}
