/** The variables lib/config.ts requires, with throwaway values: tests spread their own settings over it. */
export const REQUIRED_CONFIG_ENV = {
  DATABASE_URL: 'postgresql://unused@127.0.0.1:5432/unused',
  AUTH_SECRET: 'x'.repeat(32),
  VENDOR_API_SECRET: 'x'.repeat(16),
  VENDOR_WEBHOOK_SECRET: 'x'.repeat(16),
  SENDGRID_API_KEY: 'SG.test',
  SENDGRID_EVENT_PUBLIC_KEY: 'unused-here',
} as const;
