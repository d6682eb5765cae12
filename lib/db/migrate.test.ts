import { readdir, readFile } from 'node:fs/promises';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/db';
import { applyMigrations, diffSchemaToCurrent } from './migrate';
import { createDb } from './client';

describe('migrations', () => {
  it('are all applied to a test database and re-applying is a no-op', async () => {
    const url = await createTestDatabase();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ migration_name: string }>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name',
    );
    await client.end();
    const onDisk = (await readdir('prisma/migrations', { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(rows.map((r) => r.migration_name)).toEqual(onDisk);
    expect(await applyMigrations(url)).toEqual([]);
  });

  it('cover the whole schema: no model was changed without a migration', async () => {
    const url = await createTestDatabase();
    const snapshot = await readFile('prisma/migrations/schema.snapshot.prisma', 'utf8');
    const sql = await diffSchemaToCurrent(url, snapshot);
    expect(sql.replace(/--.*$/gm, '').trim(), 'run `npm run db:migration -- <name>`').toBe('');
  });

  it('gives a database the Prisma client can write to', async () => {
    const db = createDb(await createTestDatabase());
    try {
      await db.user.create({ data: { id: 'u1', name: 'Ada', email: 'ada@example.test' } });
      await expect(
        db.user.create({ data: { id: 'u2', name: 'Ada again', email: 'ada@example.test' } }),
      ).rejects.toThrow();
      expect(await db.user.count()).toBe(1);
    } finally {
      await db.$disconnect();
    }
  });
});
