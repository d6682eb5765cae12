import { loadSchema, newMigrate, openSchemaEngine } from './schema-engine';

/** Applies pending migrations from prisma/migrations, like `prisma migrate deploy`. Returns their names. */
export async function applyMigrations(databaseUrl: string, cwd = process.cwd()): Promise<string[]> {
  const schemaContext = await loadSchema(cwd);
  const engine = await openSchemaEngine(databaseUrl, schemaContext);
  const migrate = newMigrate(engine, schemaContext, cwd);
  try {
    const { appliedMigrationNames } = await migrate.applyMigrations();
    return appliedMigrationNames;
  } finally {
    await migrate.stop();
  }
}

/**
 * SQL that takes the schema `fromSchema` (null: an empty database) to the current prisma/schema.prisma.
 * Diffing two datamodels needs no database: the WebAssembly engine cannot introspect PostgreSQL 18
 * through the pg adapter yet (it fails on `char` catalog columns), so we diff from a snapshot of the
 * schema as of the last migration instead of from a live database.
 */
export async function diffSchemaToCurrent(
  databaseUrl: string,
  fromSchema: string | null,
  cwd = process.cwd(),
): Promise<string> {
  const schemaContext = await loadSchema(cwd);
  const engine = await openSchemaEngine(databaseUrl, schemaContext);
  const files = schemaContext.schemaFiles.map(([path, content]) => ({ path, content }));
  const from =
    fromSchema === null
      ? { tag: 'empty' }
      : { tag: 'schemaDatamodel', files: [{ path: 'snapshot.prisma', content: fromSchema }] };
  try {
    const result = (await engine.runCommand('diff', {
      from,
      to: { tag: 'schemaDatamodel', files },
      script: true,
      shadowDatabaseUrl: null,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    })) as { stdout?: string } | undefined;
    return result?.stdout ?? '';
  } finally {
    await engine.stop();
  }
}
