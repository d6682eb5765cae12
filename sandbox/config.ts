import { createPrivateKey } from 'node:crypto';
import { z } from 'zod';
import { DIALECT_NAMES } from './dialects/names';
import { webhookSecretProblems } from './dialects/secrets';

// The only sandbox module that reads process.env. The sandbox is "someone else's service":
// it shares nothing with app/ or lib/, so it has its own config.

const url = z.url();

const ecPrivateKey = z.string().refine((pem) => {
  try {
    const key = createPrivateKey(pem.replace(/\\n/g, '\n'));
    return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
  } catch {
    return false;
  }
}, 'must be the PEM of an ECDSA P-256 private key');

const schema = z
  .object({
    SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(4100),
    SANDBOX_HOST: z.string().min(1).default('127.0.0.1'),
    SANDBOX_PUBLIC_URL: url.default('http://127.0.0.1:4100'),
    SANDBOX_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL'),
    VENDOR_APP_ID: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only')
      .default('chatwatch-dev'),
    VENDOR_API_SECRET: z.string().min(16, 'must be at least 16 characters'),
    VENDOR_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters'),
    /** Which vendor's wire format the REST API and webhooks speak (dialects/). */
    SANDBOX_DIALECT: z.enum(DIALECT_NAMES).default('sandbox'),
    /** Twilio dialect only: the API key (SK…) and its secret that sign the browser's Access Tokens the embed accepts. */
    TWILIO_API_KEY_SID: z
      .string()
      .regex(/^SK[0-9a-fA-F]{32}$/, 'must be an API key SID (SK + 32 hex)')
      .optional(),
    TWILIO_API_KEY_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    APP_ORIGIN: url.default('http://127.0.0.1:3000').transform((u) => new URL(u).origin),
    APP_WEBHOOK_URL: url.default('http://127.0.0.1:3000/api/webhooks/chat'),
    SENDGRID_API_KEY: z.string().min(1),
    SENDGRID_EVENT_WEBHOOK_URL: url.default('http://127.0.0.1:3000/api/webhooks/sendgrid'),
    SENDGRID_EVENT_PRIVATE_KEY: ecPrivateKey.transform((pem) => pem.replace(/\\n/g, '\n')),
    SANDBOX_WEBHOOK_SCHEDULE: z.enum(['production', 'fast']).default('production'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((config, ctx) => {
    const problem = webhookSecretProblems[config.SANDBOX_DIALECT](config.VENDOR_WEBHOOK_SECRET);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['VENDOR_WEBHOOK_SECRET'] });
    if (config.SANDBOX_DIALECT === 'twilio') {
      // Twilio's REST auth is Basic (Account SID : Auth Token), and an Account SID is AC + 32 hex.
      if (!/^AC[0-9a-fA-F]{32}$/.test(config.VENDOR_APP_ID))
        ctx.addIssue({ code: 'custom', message: 'must be an Account SID (AC + 32 hex)', path: ['VENDOR_APP_ID'] });
      for (const name of ['TWILIO_API_KEY_SID', 'TWILIO_API_KEY_SECRET'] as const)
        if (!config[name])
          ctx.addIssue({ code: 'custom', message: 'required with SANDBOX_DIALECT=twilio', path: [name] });
    }
  });

export type SandboxConfig = z.infer<typeof schema>;

export class SandboxConfigError extends Error {
  override readonly name = 'SandboxConfigError';
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
}

/** Parses an environment into the sandbox's config; throws naming every bad variable. An empty value means unset. */
export function parseSandboxConfig(env: Record<string, string | undefined>): SandboxConfig {
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(set);
  if (!result.success)
    throw new SandboxConfigError(`Invalid sandbox configuration:\n${describe(result.error)}\nSee sandbox/README.md.`);
  return result.data;
}

export function loadSandboxConfig(): SandboxConfig {
  return parseSandboxConfig(process.env);
}

const cliSchema = z.object({ SANDBOX_PUBLIC_URL: url.default('http://127.0.0.1:4100') });

/** The fault CLI only needs to know where the sandbox is. */
export function loadCliConfig(): z.infer<typeof cliSchema> {
  const result = cliSchema.safeParse(process.env);
  if (!result.success) throw new SandboxConfigError(`Invalid configuration:\n${describe(result.error)}`);
  return result.data;
}
