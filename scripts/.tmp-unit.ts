import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { startEmbeddedPostgres } from './lib/postgres';
const root = path.resolve(import.meta.dirname, '..');
const pg = await startEmbeddedPostgres({ dataDir: path.join(root, '.data', 'test', 'pg'), port: 54346, password: 'test' });
let status = 1;
try {
  status = spawnSync(path.join(root, 'node_modules', '.bin', 'vitest'), ['run', ...process.argv.slice(2)], { cwd: root, env: { ...process.env, TEST_PG_ADMIN_URL: pg.adminUrl }, stdio: 'inherit' }).status ?? 1;
} finally {
  await pg.stop();
}
process.exit(status);
