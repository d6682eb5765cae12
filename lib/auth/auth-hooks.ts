import { APIError, createAuthMiddleware, getIP, isAPIError } from 'better-auth/api';
import type { Db } from '../db/client';
import { ValidationError } from '../errors';
import { clearFailures, lockedForSeconds, recordFailure } from './sign-in-throttle';
import { signUpInput } from './sign-up-input';

const emailOf = (body: unknown): string | null => {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' && email.length <= 254 ? email : null;
};

/** The client address as better-auth resolves it (advanced.ipAddress: the configured header, trusted proxies). */
type HookContext = { request?: Request; headers?: Headers; context: { options: Parameters<typeof getIP>[1] } };
const addressOf = (ctx: HookContext): string | null => {
  const source = ctx.request ?? ctx.headers;
  return source ? getIP(source, ctx.context.options) : null;
};

/** better-auth hooks: our zod rules on sign-up, no role changes after it, suspended accounts refused, and the sign-in limits on failed attempts (per account and per address). */
export function authHooks(db: Db) {
  return {
    before: createAuthMiddleware(async (ctx) => {
      if (ctx.path === '/sign-up/email') {
        const parsed = signUpInput.safeParse(ctx.body);
        if (!parsed.success) {
          const { message, fieldErrors } = ValidationError.fromZod(parsed.error);
          throw new APIError('BAD_REQUEST', { code: 'VALIDATION_ERROR', message, fieldErrors });
        }
      }
      if (ctx.path === '/update-user' && ctx.body && typeof ctx.body === 'object' && 'role' in ctx.body) {
        throw new APIError('FORBIDDEN', { code: 'ROLE_IS_FIXED', message: 'Roles cannot be changed from an account.' });
      }
      if (ctx.path === '/sign-in/email') {
        const address = addressOf(ctx);
        const addressSeconds = address ? await lockedForSeconds(db, 'address', address) : 0;
        if (addressSeconds > 0) {
          throw new APIError(
            'TOO_MANY_REQUESTS',
            {
              code: 'TOO_MANY_FAILED_SIGN_INS',
              message: `Too many failed sign-ins from your address. Try again in ${addressSeconds} seconds.`,
            },
            { 'X-Retry-After': String(addressSeconds) },
          );
        }
        const email = emailOf(ctx.body);
        // A suspended account is refused before its password is checked (an admin ended its access).
        if (
          email &&
          (await db.user.findFirst({
            where: { email: email.toLowerCase(), suspendedAt: { not: null } },
            select: { id: true },
          }))
        ) {
          throw new APIError('FORBIDDEN', {
            code: 'ACCOUNT_SUSPENDED',
            message: 'This account is suspended. Ask an administrator to reinstate it.',
          });
        }
        const seconds = email ? await lockedForSeconds(db, 'account', email) : 0;
        if (seconds > 0) {
          throw new APIError(
            'TOO_MANY_REQUESTS',
            {
              code: 'ACCOUNT_TEMPORARILY_LOCKED',
              message: `Too many failed sign-ins for this account. Try again in ${Math.ceil(seconds / 60)} minutes, or reset your password.`,
            },
            { 'X-Retry-After': String(seconds) },
          );
        }
      }
    }),
    after: createAuthMiddleware(async (ctx) => {
      if (ctx.path !== '/sign-in/email') return;
      const email = emailOf(ctx.body);
      if (!email) return;
      const returned = ctx.context.returned;
      if (isAPIError(returned)) {
        if (returned.statusCode !== 401) return;
        const address = addressOf(ctx);
        await Promise.all([
          recordFailure(db, 'account', email),
          address ? recordFailure(db, 'address', address) : undefined,
        ]);
      } else {
        await clearFailures(db, 'account', email);
      }
    }),
  };
}
