// `npm run db:migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql for the
// schema changes since the last migration (see docs/development.md § Database migrations).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { diffSchemaToCurrent } from '../lib/db/migrate';
import { startEmbeddedPostgres } from './lib/postgres';

const root = path.resolve(import.meta.dirname, '..');
const migrationsDir = path.join(root, 'prisma', 'migrations');
const snapshotFile = path.join(migrationsDir, 'schema.snapshot.prisma');

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('Usage: npm run db:migration -- <name>   (lower-case letters, digits and _)');
  process.exit(2);
}

function currentSchema(): string {
  const dir = path.join(root, 'prisma', 'schema');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.prisma'))
    .sort()
    .map((f) => `// ${f}\n${readFileSync(path.join(dir, f), 'utf8')}`)
    .join('\n');
}

// The engine needs a database connection even to diff two datamodels; a scratch cluster will do.
const scratch = process.env.DATABASE_URL
  ? undefined
  : await startEmbeddedPostgres({
      dataDir: path.join(root, '.data', 'migration-scratch'),
      port: 54359,
      password: 'scratch',
    });
try {
  const previous = existsSync(snapshotFile) ? readFileSync(snapshotFile, 'utf8') : null;
  const sql = await diffSchemaToCurrent(process.env.DATABASE_URL ?? scratch!.adminUrl, previous, root);
  if (sql.trim() === '' || sql.includes('This is an empty migration')) {
    console.log('No schema changes since the last migration.');
  } else {
    const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
    const folder = path.join(migrationsDir, `${stamp}_${name}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'migration.sql'), sql);
    writeFileSync(snapshotFile, currentSchema());
    console.log(`Wrote ${path.relative(root, folder)}/migration.sql`);
  }
} finally {
  await scratch?.stop();
}
