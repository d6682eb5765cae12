import { rmSync } from 'node:fs';
import path from 'node:path';
import { E2E_PROFILE } from '../scripts/lib/e2e-profile';
import { runningStackPid, startStack } from '../scripts/lib/stack';

/** Starts a fresh stack for the end-to-end run (its database is wiped first) and returns its teardown. */
export default async function globalSetup() {
  // Check before wiping: another run's PostgreSQL may be using that folder.
  const pid = runningStackPid(E2E_PROFILE.dataDir);
  if (pid !== null) throw new Error(`Another end-to-end stack is running (pid ${pid}); wait for it or stop it.`);
  rmSync(path.join(E2E_PROFILE.dataDir, 'pg'), { recursive: true, force: true });
  const stack = await startStack(E2E_PROFILE);
  process.env.E2E_DATABASE_URL = stack.databaseUrl;
  return async () => {
    await stack.stop();
  };
}
