import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');

/** For command-line tools: DATABASE_URL, or the embedded database a local `npm start` created. */
export function cliDatabaseUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const secrets = path.join(root, '.data', 'dev', 'secrets.json');
  if (!existsSync(secrets)) throw new Error('Set DATABASE_URL, or run `npm start` once so the local database exists.');
  const { POSTGRES_PASSWORD } = JSON.parse(readFileSync(secrets, 'utf8')) as { POSTGRES_PASSWORD: string };
  return `postgresql://postgres:${encodeURIComponent(POSTGRES_PASSWORD)}@127.0.0.1:${process.env.EMBEDDED_PG_PORT ?? 54329}/chatwatch`;
}
