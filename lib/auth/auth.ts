import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { nextCookies } from 'better-auth/next-js';
import { getConfig } from '../config';
import { getDb } from '../db/client';

function createAuth() {
  const config = getConfig();
  return betterAuth({
    appName: 'ChatWatch',
    baseURL: config.APP_URL,
    secret: config.AUTH_SECRET,
    database: prismaAdapter(getDb(), { provider: 'postgresql' }),
    emailAndPassword: { enabled: true, minPasswordLength: 10, maxPasswordLength: 128, autoSignIn: true },
    user: {
      additionalFields: {
        role: { type: 'string', required: false, defaultValue: 'CLIENT', input: false },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    // Counters live in Postgres so every app instance shares them; sign-in is limited hard against guessing.
    rateLimit: {
      enabled: true,
      storage: 'database',
      modelName: 'rateLimit',
      window: 60,
      max: 100,
      customRules: { '/sign-in/email': { window: 60, max: 5 }, '/sign-up/email': { window: 60, max: 5 } },
    },
    advanced: {
      cookiePrefix: 'chatwatch',
      useSecureCookies: config.APP_URL.startsWith('https://'),
      defaultCookieAttributes: { sameSite: 'lax', httpOnly: true },
      ipAddress: { ipAddressHeaders: ['x-forwarded-for'] },
    },
    plugins: [nextCookies()],
  });
}

type Auth = ReturnType<typeof createAuth>;
let instance: Auth | undefined;

/** The better-auth instance, created on first use so that `next build` does not need runtime secrets. */
export function getAuth(): Auth {
  instance ??= createAuth();
  return instance;
}
