import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';

// Prisma's CLI downloads a native schema engine, which cannot happen offline. Prisma also
// publishes the same engine as WebAssembly; @prisma/migrate drives it through a driver
// adapter, and the migrations it applies are recorded exactly as `prisma migrate deploy` does.
// See shared notes "prisma-offline" and docs/development.md § Database migrations.

const require = createRequire(import.meta.url);

interface SchemaContext {
  schemaFiles: [string, string][];
}
interface SchemaEngine {
  runCommand(command: string, input: unknown): Promise<unknown>;
  stop(): Promise<void>;
}
interface MigrateInstance {
  applyMigrations(): Promise<{ appliedMigrationNames: string[] }>;
  stop(): Promise<void>;
}

const internals = require('@prisma/internals') as {
  loadSchemaContext(opts: Record<string, unknown>): Promise<SchemaContext>;
  wasmSchemaEngineLoader: { loadSchemaEngine: (...args: unknown[]) => Promise<unknown> };
};
const { SchemaEngineWasm } = require('@prisma/migrate/dist/SchemaEngineWasm.js') as {
  SchemaEngineWasm: { setup(opts: { adapter: unknown; schemaContext: SchemaContext }): Promise<SchemaEngine> };
};
const { Migrate } = require('@prisma/migrate/dist/Migrate.js') as {
  Migrate: new (opts: {
    engine: SchemaEngine;
    schemaContext: SchemaContext;
    migrationsDirPath: string;
  }) => MigrateInstance;
};

let engineClass: { new: (...args: unknown[]) => Promise<unknown> } | undefined;

/** @prisma/internals looks for the .wasm in a folder its npm package does not ship; load it from @prisma/schema-engine-wasm. */
async function loadWasmEngineClass() {
  if (engineClass) return engineClass;
  const internalsDir = path.dirname(require.resolve('@prisma/internals/package.json'));
  const fromInternals = createRequire(path.join(internalsDir, 'index.js'));
  const wasmPkgDir = path.dirname(fromInternals.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
  const runtime = (await import(path.join(wasmPkgDir, 'schema_engine_bg.js'))) as {
    __wbg_set_wasm(exports: WebAssembly.Exports): void;
    SchemaEngine: { new: (...args: unknown[]) => Promise<unknown> };
  };
  const wasmModule = new WebAssembly.Module(await readFile(path.join(wasmPkgDir, 'schema_engine_bg.wasm')));
  const instance = new WebAssembly.Instance(wasmModule, {
    './schema_engine_bg.js': runtime as unknown as WebAssembly.ModuleImports,
  });
  runtime.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  engineClass = runtime.SchemaEngine;
  return engineClass;
}

internals.wasmSchemaEngineLoader.loadSchemaEngine = async (input, debug, adapter) => {
  const SchemaEngineClass = await loadWasmEngineClass();
  return SchemaEngineClass.new(input, debug, adapter);
};

export const SCHEMA_PATH = 'prisma/schema';
export const MIGRATIONS_DIR = 'prisma/migrations';

export async function loadSchema(cwd = process.cwd()): Promise<SchemaContext> {
  return internals.loadSchemaContext({
    schemaPath: { configProvidedPath: path.join(cwd, SCHEMA_PATH) },
    printLoadMessage: false,
    allowNull: false,
    schemaPathArgumentName: '--schema',
    cwd,
  });
}

/** Opens the WebAssembly schema engine on one database; `stop()` also closes its connection pool. */
export async function openSchemaEngine(connectionString: string, schemaContext: SchemaContext): Promise<SchemaEngine> {
  const factory = new PrismaPg({ connectionString, max: 2 });
  const opened: { dispose(): Promise<void> }[] = [];
  // The engine never closes the pool it connects; keep each adapter so stop() can.
  const tracking = Object.assign(Object.create(Object.getPrototypeOf(factory) as object) as PrismaPg, factory, {
    connect: async () => {
      const adapter = await factory.connect();
      opened.push(adapter);
      return adapter;
    },
  });
  const engine = await SchemaEngineWasm.setup({
    adapter: bindMigrationAwareSqlAdapterFactory(tracking),
    schemaContext,
  });
  const stopEngine = engine.stop.bind(engine);
  engine.stop = async () => {
    await stopEngine();
    await Promise.all(opened.map((adapter) => adapter.dispose()));
  };
  return engine;
}

export function newMigrate(engine: SchemaEngine, schemaContext: SchemaContext, cwd = process.cwd()) {
  return new Migrate({ engine, schemaContext, migrationsDirPath: path.join(cwd, MIGRATIONS_DIR) });
}
