import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { nextCookies } from 'better-auth/next-js';
import { getConfig, type Config } from '../config';
import { getDb, type Db } from '../db/client';
import { authHooks } from './auth-hooks';
import { PASSWORD_RESET_MINUTES, sendPasswordReset } from './send-password-reset';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, signUpRole } from './sign-up-input';

type AuthConfig = Pick<Config, 'APP_URL' | 'AUTH_SECRET' | 'CLIENT_IP_HEADER' | 'TRUSTED_PROXIES'>;

/** A better-auth instance on one database; the app uses getAuth(), tests build their own. */
export function createAuth({ db, config }: { db: Db; config: AuthConfig }) {
  return betterAuth({
    appName: 'ChatWatch',
    baseURL: config.APP_URL,
    secret: config.AUTH_SECRET,
    database: prismaAdapter(db, { provider: 'postgresql' }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
      autoSignIn: true,
      resetPasswordTokenExpiresIn: PASSWORD_RESET_MINUTES * 60,
      revokeSessionsOnPasswordReset: true,
      sendResetPassword: ({ user, url, token }) => sendPasswordReset({ db, user, url, token }),
    },
    user: {
      additionalFields: {
        // Chosen at sign-up, limited to CLIENT or DESIGNER; staff roles come only from the CLI and the seed.
        role: {
          type: 'string',
          required: false,
          defaultValue: 'CLIENT',
          input: true,
          validator: { input: signUpRole },
        },
        speciality: { type: 'string', required: false, input: true },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    // Counters live in Postgres so every app instance shares them. Sign-in is left out of this request
    // limiter (which counts successes too): our hooks limit FAILED sign-ins per account and per address
    // (sign-in-throttle.ts), so someone who stays signed in, or signs in correctly, is never refused.
    rateLimit: {
      enabled: true,
      storage: 'database',
      modelName: 'rateLimit',
      window: 60,
      max: 100,
      customRules: { '/sign-in/email': false, '/sign-up/email': { window: 60, max: 5 } },
    },
    hooks: authHooks(db),
    // Errors it did not expect (a database outage) are thrown to our route wrapper, which answers 503 or a logged 500
    // (auth-route.ts); its own refusals (401, 429, …) are still answered by better-auth.
    onAPIError: { throw: true },
    advanced: {
      cookiePrefix: 'chatwatch',
      useSecureCookies: config.APP_URL.startsWith('https://'),
      defaultCookieAttributes: { sameSite: 'lax', httpOnly: true },
      ipAddress: { ipAddressHeaders: [config.CLIENT_IP_HEADER], trustedProxies: config.TRUSTED_PROXIES },
    },
    plugins: [nextCookies()],
  });
}

type Auth = ReturnType<typeof createAuth>;
let instance: Auth | undefined;

/** The better-auth instance, created on first use so that `next build` does not need runtime secrets. */
export function getAuth(): Auth {
  instance ??= createAuth({ db: getDb(), config: getConfig() });
  return instance;
}
