import type { Db } from '../db/client';
import { verifyUnsubscribeToken, type UnsubscribeClaim } from './unsubscribe';
import { AppError } from '../errors';

/** Unsubscribe token that does not verify: forged, cut short, or from another installation. */
export class InvalidUnsubscribeTokenError extends AppError {
  override readonly name = 'InvalidUnsubscribeTokenError';
  readonly code = 'INVALID_UNSUBSCRIBE_TOKEN';
}

/** Checks an unsubscribe token without changing anything (the confirmation page). */
export function readUnsubscribeToken(token: string | null, options: { secret?: string } = {}): UnsubscribeClaim {
  const claim = token ? verifyUnsubscribeToken(token, options.secret) : null;
  if (!claim) throw new InvalidUnsubscribeTokenError('This unsubscribe link is not valid.');
  return claim;
}

/**
 * One-click unsubscribe (RFC 8058): "all-notifications" sets User.unsubscribedAt, any other purpose adds an
 * opt-out row. Idempotent. Queued emails are not touched here: the send path checks again before each send.
 */
export async function applyUnsubscribe(
  db: Db,
  token: string | null,
  options: { secret?: string } = {},
): Promise<UnsubscribeClaim> {
  const claim = readUnsubscribeToken(token, options);
  if (claim.purpose === 'all-notifications') {
    await db.user.updateMany({
      where: { id: claim.userId, unsubscribedAt: null },
      data: { unsubscribedAt: new Date() },
    });
  } else {
    await db.emailOptOut.createMany({ data: [{ userId: claim.userId, purpose: claim.purpose }], skipDuplicates: true });
  }
  return claim;
}
