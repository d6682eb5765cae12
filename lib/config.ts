import { z } from 'zod';

// The only module that reads process.env (the stack runner and sandbox have their own).
// Every variable is documented, with its default, in .env.example.

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const port = z.coerce.number().int().min(1).max(65535);
const url = z.url();

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** pretty logs for humans; JSON in production unless asked. */
  LOG_PRETTY: bool.optional(),

  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL'),
  APP_URL: url.default('http://127.0.0.1:3000'),
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters'),

  CHAT_VENDOR: z.enum(['sandbox', 'talkjs']).default('sandbox'),
  VENDOR_APP_ID: z.string().min(1).default('chatwatch-dev'),
  VENDOR_API_URL: url.default('http://127.0.0.1:4100'),
  /** Where the iframe loads from; defaults to VENDOR_API_URL. */
  VENDOR_EMBED_URL: url.optional(),
  VENDOR_API_SECRET: z.string().min(16, 'must be at least 16 characters'),
  VENDOR_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters'),

  SENDGRID_API_KEY: z.string().min(1),
  SENDGRID_API_URL: url.default('https://api.sendgrid.com'),
  /** Base64 DER public key from SendGrid's Signed Event Webhook settings. */
  SENDGRID_EVENT_PUBLIC_KEY: z.string().min(1),
  EMAIL_FROM: z.string().min(3).default('ChatWatch <no-reply@chatwatch.test>'),

  CHAT_READY_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(8000),
  UNREAD_EMAIL_DELAY_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  MONITOR_METRICS_PORT: port.default(9464),
});

export type Config = z.infer<typeof schema> & { VENDOR_EMBED_URL: string };

let cached: Config | undefined;

/** Formats zod issues as "NAME: problem" lines so a bad start names the variable to fix. */
export function describeConfigErrors(error: z.ZodError): string {
  return error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`).join('\n');
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses an environment; throws ConfigError naming every missing or malformed variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(`Invalid configuration:\n${describeConfigErrors(result.error)}\nSee .env.example for every variable and its default.`);
  }
  return { ...result.data, VENDOR_EMBED_URL: result.data.VENDOR_EMBED_URL ?? result.data.VENDOR_API_URL };
}

/** The process's configuration, validated once on first use. */
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
