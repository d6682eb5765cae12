import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import { getConfig, type Config } from '../config';
import { logger } from '../logger';
import { PrismaClient } from './generated/client';
import { getDbRole, poolTimeouts, TOOL_TIMEOUTS, type PoolTimeouts } from './timeouts';

export type Db = PrismaClient;

const log = logger.child({ component: 'prisma-pool' });

/**
 * A Prisma client on one database; tests pass their own URL. Its pool bounds every wait (./timeouts.ts) and
 * survives a lost connection: node-postgres emits 'error' on the pool for an idle client whose connection
 * died, and an EventEmitter 'error' without a listener would crash the process.
 *
 * The adapter creates and OWNS the pool (we pass its config, not a pg.Pool): `$disconnect()` then ends it.
 * An external pool is only released, not ended (@prisma/adapter-pg `disposeExternalPool` defaults to false),
 * and its idle connections keep the event loop alive for idleTimeoutMillis: a CLI would not exit when done.
 */
export function createDb(
  connectionString: string,
  max = 10,
  timeouts: PoolTimeouts = TOOL_TIMEOUTS,
  transactionOptions?: TransactionOptions,
): Db {
  const config: pg.PoolConfig = { connectionString, max, idleTimeoutMillis: 30_000, ...timeouts };
  const adapter = new PrismaPg(config, {
    onPoolError: (error) => log.warn({ err: error }, 'idle PostgreSQL connection failed'),
  });
  return new PrismaClient({ adapter, ...(transactionOptions ? { transactionOptions } : {}) });
}

/** Prisma's interactive-transaction bounds (PrismaClient `transactionOptions`; Prisma's defaults 2000/5000 ms). */
export interface TransactionOptions {
  /** Longest wait to start a transaction (get a connection and BEGIN), then P2028 (→ 503). */
  maxWait: number;
  /** Longest a transaction may stay open, then Prisma rolls it back. */
  timeout: number;
}

/**
 * The web process's transaction bounds from config: starting a transaction waits no longer than a pool checkout
 * (DB_CONNECT_TIMEOUT_MS, instead of Prisma's own 2 s), and a request's transaction never outlives the request's
 * deadline (REQUEST_DEADLINE_MS, instead of Prisma's 5 s). Background processes keep Prisma's defaults.
 */
export function requestTransactionOptions(
  config: Pick<Config, 'DB_CONNECT_TIMEOUT_MS' | 'REQUEST_DEADLINE_MS'> = getConfig(),
): TransactionOptions {
  return { maxWait: config.DB_CONNECT_TIMEOUT_MS, timeout: config.REQUEST_DEADLINE_MS };
}

const globalForDb = globalThis as unknown as { chatwatchDb?: Db };

/** The process-wide client (kept on globalThis so Next.js dev reloads do not open new pools). */
export function getDb(): Db {
  globalForDb.chatwatchDb ??= createDb(
    getConfig().DATABASE_URL,
    10,
    poolTimeouts(),
    getDbRole() === 'request' ? requestTransactionOptions() : undefined,
  );
  return globalForDb.chatwatchDb;
}
