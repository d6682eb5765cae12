import type { TestProject } from 'vitest/node';
import { applyMigrations } from '../../lib/db/migrate';
import { rmSync } from 'node:fs';
import {
  databaseUrl,
  dropDatabase,
  ensureDatabase,
  freePort,
  startEmbeddedPostgres,
  type EmbeddedPostgresHandle,
} from '../../scripts/lib/postgres';

export const TEMPLATE_DATABASE = 'chatwatch_test_template';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

// `npm test` starts a test-only PostgreSQL and passes TEST_PG_ADMIN_URL. Run directly
// (`npx vitest`), this starts a throwaway one of its own (its own port and folder, removed afterwards,
// so several runs can go at once), never the dev database.
export default async function setup(project: TestProject) {
  let owned: EmbeddedPostgresHandle | undefined;
  let adminUrl = process.env.TEST_PG_ADMIN_URL;
  if (!adminUrl) {
    const dataDir = `.data/test-pg-vitest-${process.pid}`;
    const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), password: 'test' });
    owned = {
      ...server,
      stop: async () => {
        await server.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
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
