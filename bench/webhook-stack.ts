// What both webhook benches stand up: a fresh migrated database in the bench cluster and the production build's
// environment, with a signing secret shared with the load generator.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { applyMigrations } from '../lib/db/migrate';
import { migrateJobQueue } from '../lib/jobs/migrate';
import { ensureNextBuild } from '../scripts/lib/next-build';
import {
  databaseUrl,
  dropDatabase,
  ensureDatabase,
  startEmbeddedPostgres,
  type EmbeddedPostgresHandle,
} from '../scripts/lib/postgres';

export const root = path.resolve(import.meta.dirname, '..');
// Ports nothing else in the repository uses (the e2e stack, the monitor's own benches); override when taken.
export const BENCH_PORTS = {
  pg: Number(process.env.BENCH_PG_PORT ?? 54391),
  web: Number(process.env.BENCH_WEB_PORT ?? 3391),
  bare: Number(process.env.BENCH_BARE_PORT ?? 3392),
};
// BENCH_DIST_DIR: another bench's build of the same sources (bench:pipeline's), to skip a second next build.
const DIST_DIR = process.env.BENCH_DIST_DIR ?? '.data/bench/next';

export interface WebhookBenchStack {
  pg: EmbeddedPostgresHandle;
  dbUrl: string;
  /** The Standard Webhooks secret the web app verifies with. */
  secret: string;
  /** The production environment the web process runs with. */
  env: NodeJS.ProcessEnv;
  nextBin: string;
}

/** Starts the bench cluster, recreates and migrates its database, and builds the app if its sources changed. */
export async function startWebhookBenchStack(log: (line: string) => void): Promise<WebhookBenchStack> {
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(root, '.data', 'bench', 'pg'),
    port: BENCH_PORTS.pg,
    password: 'bench',
  });
  try {
    await dropDatabase(pg.adminUrl, 'chatwatch_bench');
    await ensureDatabase(pg.adminUrl, 'chatwatch_bench');
    const dbUrl = databaseUrl(pg.adminUrl, 'chatwatch_bench');
    await applyMigrations(dbUrl, root);
    await migrateJobQueue(dbUrl);
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      LOG_LEVEL: 'warn',
      LOG_PRETTY: 'false',
      DATABASE_URL: dbUrl,
      APP_URL: `http://127.0.0.1:${BENCH_PORTS.web}`,
      AUTH_SECRET: randomBytes(32).toString('base64url'),
      VENDOR_API_SECRET: randomBytes(24).toString('base64url'),
      VENDOR_WEBHOOK_SECRET: secret,
      SENDGRID_API_KEY: 'SG.bench',
      SENDGRID_EVENT_PUBLIC_KEY: 'unused-in-the-bench',
      BENCH_BASELINE_ROUTE: 'true',
      NEXT_DIST_DIR: DIST_DIR,
      // Tuning knobs pass through, so their effect can be measured: see docs/benchmarks.md.
      ...(process.env.WEBHOOK_INGEST_STATEMENTS
        ? { WEBHOOK_INGEST_STATEMENTS: process.env.WEBHOOK_INGEST_STATEMENTS }
        : {}),
      ...(process.env.WEBHOOK_DB_POOL_MAX ? { WEBHOOK_DB_POOL_MAX: process.env.WEBHOOK_DB_POOL_MAX } : {}),
    };
    ensureNextBuild(root, DIST_DIR, env, log);
    return { pg, dbUrl, secret, env, nextBin: path.join(root, 'node_modules/next/dist/bin/next') };
  } catch (error) {
    await pg.stop();
    throw error;
  }
}

/** Starts a Node process with its stderr prefixed on ours (stdout ignored: the apps log warnings only). */
export function startBenchProcess(name: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(`${name} | ${chunk.toString()}`));
  return child;
}

/** Resolves once `url` answers a POST with anything below 500 (the server is up and routing). */
export async function waitForPost(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"id":"warmup","type":"x","created_at":"2030-01-01T00:00:00Z"}',
    }).then(
      (r) => r.status < 500,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not come up`);
}
