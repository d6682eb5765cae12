import { createHash } from 'node:crypto';
import type { Db } from '../db/client';
import { queueEmail } from '../email/outbox/queue-email';
import { logger } from '../logger';

/** How long a reset link works. */
export const PASSWORD_RESET_MINUTES = 30;

/**
 * better-auth's sendResetPassword: queues the email through the outbox (sent by the worker, with retries).
 * The idempotency key hashes the token, so a retried request never sends the same link twice and the key
 * itself, shown in the support trace, does not carry a usable token.
 */
export async function sendPasswordReset({
  db,
  user,
  url,
  token,
}: {
  db: Db;
  user: { id: string; name: string };
  url: string;
  token: string;
}): Promise<void> {
  const key = `password-reset:${createHash('sha256').update(token).digest('hex')}`;
  await queueEmail(db, {
    idempotencyKey: key,
    template: 'password-reset',
    toUserId: user.id,
    props: { recipientName: user.name, resetUrl: url, expiresInMinutes: PASSWORD_RESET_MINUTES },
  });
  logger.info({ userId: user.id }, 'password reset email queued');
}
