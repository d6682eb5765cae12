import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DevSecrets } from './dev-secrets';
import { localMonitorEnv } from './monitor-env';

const root = path.resolve(import.meta.dirname, '..', '..');

export interface LocalStack {
  dataDir: string;
  webPort: number;
  sandboxPort: number;
  pgPort: number;
  database: string;
}

/** The settings a local stack (npm start, the e2e stack) gives its processes, rebuilt from its data folder. */
export function localStackEnv(stack: LocalStack): Record<string, string> {
  const secrets = JSON.parse(readFileSync(path.join(stack.dataDir, 'secrets.json'), 'utf8')) as DevSecrets;
  const sandboxUrl = `http://127.0.0.1:${stack.sandboxPort}`;
  return {
    DATABASE_URL: `postgresql://postgres:${encodeURIComponent(secrets.POSTGRES_PASSWORD)}@127.0.0.1:${stack.pgPort}/${stack.database}`,
    APP_URL: `http://127.0.0.1:${stack.webPort}`,
    AUTH_SECRET: secrets.AUTH_SECRET,
    VENDOR_API_URL: sandboxUrl,
    VENDOR_API_SECRET: secrets.VENDOR_API_SECRET,
    VENDOR_WEBHOOK_SECRET: secrets.VENDOR_WEBHOOK_SECRET,
    SENDGRID_API_URL: sandboxUrl,
    SENDGRID_API_KEY: secrets.SENDGRID_API_KEY,
    SENDGRID_EVENT_PUBLIC_KEY: secrets.SENDGRID_EVENT_PUBLIC_KEY,
    ...localMonitorEnv(sandboxUrl, true, {}),
  };
}

/**
 * `npm run monitor -- --once …` typed next to a running `npm start`: without DATABASE_URL in the shell, use
 * the local stack's settings (its embedded PostgreSQL, generated secrets and sandbox), as its own processes do.
 * Returns false (and changes nothing) when DATABASE_URL is set or there is no local stack.
 */
export function applyLocalStackEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  const dataDir = path.join(root, '.data', 'dev');
  if (env.DATABASE_URL || !existsSync(path.join(dataDir, 'secrets.json'))) return false;
  const local = localStackEnv({
    dataDir,
    webPort: Number(env.PORT ?? 3000),
    sandboxPort: Number(env.SANDBOX_PORT ?? 4100),
    pgPort: Number(env.EMBEDDED_PG_PORT ?? 54329),
    database: 'chatwatch',
  });
  for (const [key, value] of Object.entries(local)) env[key] ??= value;
  return true;
}
