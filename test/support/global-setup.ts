import type { TestProject } from 'vitest/node';
import { applyMigrations } from '../../lib/db/migrate';
import { databaseUrl, dropDatabase, ensureDatabase, startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../scripts/lib/postgres';

export const TEMPLATE_DATABASE = 'chatwatch_test_template';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

// `npm test` starts a test-only PostgreSQL and passes TEST_PG_ADMIN_URL. Run directly
// (`npx vitest`), this starts one itself, in .data/test-pg-vitest, never the dev database.
export default async function setup(project: TestProject) {
  let owned: EmbeddedPostgresHandle | undefined;
  let adminUrl = process.env.TEST_PG_ADMIN_URL;
  if (!adminUrl) {
    owned = await startEmbeddedPostgres({ dataDir: '.data/test-pg-vitest', port: 54331, password: 'test' });
    adminUrl = owned.adminUrl;
  }
  // A freshly migrated template; every test file clones it (CREATE DATABASE … TEMPLATE is ~50 ms).
  await dropDatabase(adminUrl, TEMPLATE_DATABASE);
  await ensureDatabase(adminUrl, TEMPLATE_DATABASE);
  await applyMigrations(databaseUrl(adminUrl, TEMPLATE_DATABASE));
  project.provide('pgAdminUrl', adminUrl);
  return async () => {
    await owned?.stop();
  };
}
