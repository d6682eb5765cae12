import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { applyMigrations } from '../../lib/db/migrate';
import { CHROMIUM_MISSING_HELP, findChromium } from '../../lib/browser/chromium';
import { loadDevSecrets } from './dev-secrets';
import { ensureNextBuild } from './next-build';
import { databaseUrl, ensureDatabase, startEmbeddedPostgres, type EmbeddedPostgresHandle } from './postgres';
import { migrateJobQueue } from '../../lib/jobs/migrate';
import { localMonitorEnv } from './monitor-env';
import type { RestartPolicy } from './restart-policy';
import { Supervisor, type ProcessSpec } from './supervisor';
import { KEEP_ALIVE_TIMEOUT_MS } from '../../lib/http/keep-alive';

export interface StackProfile {
  name: string;
  dataDir: string;
  webPort: number;
  sandboxPort: number;
  metricsPort: number;
  pgPort: number;
  database: string;
  /** Extra environment for every process (tests compress schedules here). */
  env?: NodeJS.ProcessEnv;
  /** Use this server instead of starting an embedded one (DATABASE_URL). */
  externalDatabaseUrl?: string;
  /** Adds demo accounts and projects. */
  seed: boolean;
  /** Next.js build folder (relative to the repo). */
  distDir: string;
  /**
   * A database of its own for the sandbox in the same embedded server (default: the product's database). A
   * real vendor never shares our storage, so drills that take our database away give the sandbox its own.
   */
  sandboxDatabase?: string;
  /**
   * A PostgreSQL server of its own for the sandbox, on this port (data in `<dataDir>/sandbox-pg`); wins over
   * `sandboxDatabase`. Drills that freeze or stop our whole server (chaos) must not freeze the vendor and SendGrid
   * with it: a frozen fake SendGrid never answers our send, which real SendGrid would.
   */
  sandboxPgPort?: number;
  /** Extra Node.js flags per process, before its entry (benches profile one with `--cpu-prof`). */
  nodeArgs?: Partial<Record<'web' | 'sandbox' | 'worker' | 'monitor', string[]>>;
}

export interface RunningStack {
  urls: { app: string; sandbox: string; metrics: string };
  env: NodeJS.ProcessEnv;
  databaseUrl: string;
  /** The sandbox's database (the product's own unless the profile gave it one). */
  sandboxDatabaseUrl: string;
  stop(): Promise<void>;
  /** Restarts so far per process (web, sandbox, worker, monitor). */
  restarts(): Record<string, number>;
  /** The pid of a running process of the stack. */
  pid(name: string): number | undefined;
  /** The embedded PostgreSQL server (undefined with an external database): fault drills stop and start it. */
  postgres?: EmbeddedPostgresHandle;
}

const root = path.resolve(import.meta.dirname, '..', '..');
const log = (line: string) => process.stdout.write(`\x1b[1mstack |\x1b[0m ${line}\n`);

/** The pid of a live stack that owns `dataDir`, or null. */
export function runningStackPid(dataDir: string): number | null {
  const file = path.join(dataDir, 'stack.pid');
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8'));
  if (!pid || pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

/** Refuses to start a second stack on the same data directory. */
function takeLock(dataDir: string): () => void {
  const pid = runningStackPid(dataDir);
  if (pid !== null) {
    throw new Error(
      `ChatWatch is already running from this folder (pid ${pid}, data in ${dataDir}). Stop it with Ctrl-C in its terminal or \`kill ${pid}\`, or open it at the URLs it printed.`,
    );
  }
  const file = path.join(dataDir, 'stack.pid');
  writeFileSync(file, String(process.pid));
  return () => rmSync(file, { force: true });
}

function tsxProcess(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  readyUrl?: string,
  nodeArgs: string[] = [],
): ProcessSpec {
  return {
    name,
    command: process.execPath,
    args: [...nodeArgs, '--import', 'tsx', path.join(root, entry)],
    env,
    readyUrl,
  };
}

/** Brings up PostgreSQL, migrations, seed, build, and every process of the product. */
export async function startStack(
  profile: StackProfile,
  options: { restartPolicy?: RestartPolicy } = {},
): Promise<RunningStack> {
  mkdirSync(profile.dataDir, { recursive: true });
  const releaseLock = takeLock(profile.dataDir);
  let postgres: EmbeddedPostgresHandle | undefined;
  let sandboxPostgres: EmbeddedPostgresHandle | undefined;
  let supervisor: Supervisor | undefined;
  let stopping: Promise<void> | undefined;
  // Idempotent: a fatal process exit, a signal and a test teardown may all ask.
  const stop = () =>
    (stopping ??= (async () => {
      log('Stopping…');
      await supervisor?.stop();
      if (postgres) {
        log('Stopping PostgreSQL…');
        await postgres.stop();
      }
      await sandboxPostgres?.stop();
      releaseLock();
      log('Stopped.');
    })());
  try {
    const chromium = findChromium(process.env.CHROMIUM_PATH);
    log(chromium ? `Chromium: ${chromium}` : `⚠ ${CHROMIUM_MISSING_HELP} (the synthetic monitor needs it)`);

    const secrets = loadDevSecrets(profile.dataDir);
    let dbUrl = profile.externalDatabaseUrl;
    let sandboxDbUrl: string | undefined;
    if (!dbUrl) {
      log(
        `Starting PostgreSQL on 127.0.0.1:${profile.pgPort} (data in ${path.relative(root, path.join(profile.dataDir, 'pg'))})…`,
      );
      postgres = await startEmbeddedPostgres({
        dataDir: path.join(profile.dataDir, 'pg'),
        port: profile.pgPort,
        password: secrets.POSTGRES_PASSWORD,
      });
      await ensureDatabase(postgres.adminUrl, profile.database);
      dbUrl = databaseUrl(postgres.adminUrl, profile.database);
      if (profile.sandboxDatabase) {
        await ensureDatabase(postgres.adminUrl, profile.sandboxDatabase);
        sandboxDbUrl = databaseUrl(postgres.adminUrl, profile.sandboxDatabase);
      }
    }
    if (profile.sandboxPgPort) {
      log(`Starting the sandbox's own PostgreSQL on 127.0.0.1:${profile.sandboxPgPort}…`);
      sandboxPostgres = await startEmbeddedPostgres({
        dataDir: path.join(profile.dataDir, 'sandbox-pg'),
        port: profile.sandboxPgPort,
        password: secrets.POSTGRES_PASSWORD,
      });
      await ensureDatabase(sandboxPostgres.adminUrl, 'sandbox');
      sandboxDbUrl = databaseUrl(sandboxPostgres.adminUrl, 'sandbox');
    }
    const applied = await applyMigrations(dbUrl, root);
    log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is up to date.');
    await migrateJobQueue(dbUrl);

    const appUrl = `http://127.0.0.1:${profile.webPort}`;
    const sandboxUrl = `http://127.0.0.1:${profile.sandboxPort}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      DATABASE_URL: dbUrl,
      APP_URL: appUrl,
      APP_ORIGIN: appUrl,
      AUTH_SECRET: process.env.AUTH_SECRET ?? secrets.AUTH_SECRET,
      VENDOR_API_URL: process.env.VENDOR_API_URL ?? sandboxUrl,
      VENDOR_API_SECRET: process.env.VENDOR_API_SECRET ?? secrets.VENDOR_API_SECRET,
      VENDOR_WEBHOOK_SECRET: process.env.VENDOR_WEBHOOK_SECRET ?? secrets.VENDOR_WEBHOOK_SECRET,
      SENDGRID_API_URL: process.env.SENDGRID_API_URL ?? sandboxUrl,
      SENDGRID_API_KEY: process.env.SENDGRID_API_KEY ?? secrets.SENDGRID_API_KEY,
      SENDGRID_EVENT_PUBLIC_KEY: process.env.SENDGRID_EVENT_PUBLIC_KEY ?? secrets.SENDGRID_EVENT_PUBLIC_KEY,
      METRICS_TOKEN: process.env.METRICS_TOKEN ?? secrets.METRICS_TOKEN,
      MONITOR_METRICS_PORT: String(profile.metricsPort),
      CHROMIUM_PATH: chromium ?? '',
      ...localMonitorEnv(sandboxUrl, profile.seed),
      ...profile.env,
    };
    const sandboxEnv: NodeJS.ProcessEnv = {
      ...env,
      SANDBOX_PORT: String(profile.sandboxPort),
      SANDBOX_PUBLIC_URL: sandboxUrl,
      SANDBOX_DATABASE_URL: sandboxDbUrl ?? dbUrl,
      APP_WEBHOOK_URL: `${appUrl}/api/webhooks/chat`,
      SENDGRID_EVENT_WEBHOOK_URL: `${appUrl}/api/webhooks/sendgrid`,
      SENDGRID_EVENT_PRIVATE_KEY: secrets.SENDGRID_EVENT_PRIVATE_KEY,
    };

    if (profile.seed) {
      const { runSeed } = await import('../../prisma/seed');
      const summary = await runSeed(dbUrl);
      log(`Seed: ${summary}`);
    }
    ensureNextBuild(root, profile.distDir, { ...env, NODE_ENV: 'production' }, log);

    const specs: ProcessSpec[] = [
      {
        name: 'web',
        command: process.execPath,
        args: [
          ...(profile.nodeArgs?.web ?? []),
          path.join(root, 'node_modules/next/dist/bin/next'),
          'start',
          // Next's own default is Node's 5 s: a client reusing an idle connection as it closes gets ECONNRESET.
          '--keepAliveTimeout',
          String(KEEP_ALIVE_TIMEOUT_MS),
          '-p',
          String(profile.webPort),
          '-H',
          '127.0.0.1',
        ],
        env: { ...env, NODE_ENV: 'production', NEXT_DIST_DIR: profile.distDir },
        readyUrl: `${appUrl}/api/health`,
      },
    ];
    if (existsSync(path.join(root, 'sandbox/server.ts')))
      specs.push(
        tsxProcess('sandbox', 'sandbox/server.ts', sandboxEnv, `${sandboxUrl}/health`, profile.nodeArgs?.sandbox),
      );
    if (existsSync(path.join(root, 'worker/main.ts')))
      specs.push(tsxProcess('worker', 'worker/main.ts', env, undefined, profile.nodeArgs?.worker));
    if (existsSync(path.join(root, 'monitor/main.ts')))
      specs.push(
        tsxProcess(
          'monitor',
          'monitor/main.ts',
          env,
          `http://127.0.0.1:${profile.metricsPort}/metrics`,
          profile.nodeArgs?.monitor,
        ),
      );

    // A process that keeps dying is restarted with back-off for as long as it takes (docs/deploy.md): a
    // dependency outage must never stop the stack, and one failing process never stops the others.
    supervisor = new Supervisor(specs, { policy: options.restartPolicy });
    supervisor.start();
    await supervisor.waitReady(120_000);
    const running = supervisor;
    return {
      urls: { app: appUrl, sandbox: sandboxUrl, metrics: `http://127.0.0.1:${profile.metricsPort}/metrics` },
      env,
      databaseUrl: dbUrl,
      sandboxDatabaseUrl: sandboxDbUrl ?? dbUrl,
      stop,
      restarts: () => running.restarts(),
      pid: (name) => running.pid(name),
      postgres,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
