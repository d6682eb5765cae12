import { rmSync } from 'node:fs';
import path from 'node:path';
import { E2E_PROFILE } from '../scripts/lib/e2e-profile';
import { startStack } from '../scripts/lib/stack';

/** Starts a fresh stack for the end-to-end run (its database is wiped first) and returns its teardown. */
export default async function globalSetup() {
  rmSync(path.join(E2E_PROFILE.dataDir, 'pg'), { recursive: true, force: true });
  const stack = await startStack(E2E_PROFILE);
  process.env.E2E_DATABASE_URL = stack.databaseUrl;
  return async () => {
    await stack.stop();
  };
}
