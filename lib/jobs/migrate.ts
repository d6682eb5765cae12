import { runMigrations } from 'graphile-worker';

/** Creates or upgrades graphile-worker's own schema, so the app can enqueue jobs before any worker has started. */
export async function migrateJobQueue(connectionString: string): Promise<void> {
  await runMigrations({ connectionString, logger: undefined });
}
