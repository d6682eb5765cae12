import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { onFileEnd } from './cleanup';
import { databaseUrl, dropDatabase, ensureDatabase } from '../../scripts/lib/postgres';

const TEMPLATE_DATABASE = 'chatwatch_test_template';

/**
 * A new database with every migration applied, private to the calling test file and dropped after it.
 * Call it at the top level or in beforeAll.
 */
export async function createTestDatabase(): Promise<string> {
  const adminUrl = inject('pgAdminUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  await ensureDatabase(adminUrl, name, TEMPLATE_DATABASE);
  onFileEnd(async () => {
    await dropDatabase(adminUrl, name);
  });
  return databaseUrl(adminUrl, name);
}
