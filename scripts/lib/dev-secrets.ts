import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Secrets a local stack needs. Real deployments set these as environment variables; nothing here is committed. */
export interface DevSecrets {
  POSTGRES_PASSWORD: string;
  AUTH_SECRET: string;
  VENDOR_API_SECRET: string;
  VENDOR_WEBHOOK_SECRET: string;
  SENDGRID_API_KEY: string;
  SENDGRID_EVENT_PRIVATE_KEY: string;
  SENDGRID_EVENT_PUBLIC_KEY: string;
  /** Bearer token of /api/metrics (Prometheus sends it). */
  METRICS_TOKEN: string;
}

const SECRET_NAMES: (keyof DevSecrets)[] = [
  'POSTGRES_PASSWORD',
  'AUTH_SECRET',
  'VENDOR_API_SECRET',
  'VENDOR_WEBHOOK_SECRET',
  'SENDGRID_API_KEY',
  'SENDGRID_EVENT_PRIVATE_KEY',
  'SENDGRID_EVENT_PUBLIC_KEY',
  'METRICS_TOKEN',
];

function generate(): DevSecrets {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    POSTGRES_PASSWORD: randomBytes(18).toString('base64url'),
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    VENDOR_API_SECRET: `sk_sandbox_${randomBytes(24).toString('base64url')}`,
    VENDOR_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString('base64')}`,
    SENDGRID_API_KEY: `SG.sandbox.${randomBytes(24).toString('base64url')}`,
    SENDGRID_EVENT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    // SendGrid shows its verification key as base64 DER (SPKI); @sendgrid/eventwebhook takes that form.
    SENDGRID_EVENT_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    METRICS_TOKEN: `mt_${randomBytes(24).toString('base64url')}`,
  };
}

/**
 * Reads `<dataDir>/secrets.json`, creating it (mode 0600) on first use so restarts keep the same secrets; a
 * secret added since the file was written is generated and saved, the others are kept.
 */
export function loadDevSecrets(dataDir: string): DevSecrets {
  const file = path.join(dataDir, 'secrets.json');
  const stored = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<DevSecrets>) : null;
  if (stored && SECRET_NAMES.every((key) => key in stored)) return stored as DevSecrets;
  mkdirSync(dataDir, { recursive: true });
  const secrets = { ...generate(), ...stored };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
