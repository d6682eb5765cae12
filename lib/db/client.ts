import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import { getConfig } from '../config';
import { logger } from '../logger';
import { PrismaClient } from './generated/client';
import { poolTimeouts, TOOL_TIMEOUTS, type PoolTimeouts } from './timeouts';

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
export function createDb(connectionString: string, max = 10, timeouts: PoolTimeouts = TOOL_TIMEOUTS): Db {
  const config: pg.PoolConfig = { connectionString, max, idleTimeoutMillis: 30_000, ...timeouts };
  const adapter = new PrismaPg(config, {
    onPoolError: (error) => log.warn({ err: error }, 'idle PostgreSQL connection failed'),
  });
  return new PrismaClient({ adapter });
}

const globalForDb = globalThis as unknown as { chatwatchDb?: Db };

/** The process-wide client (kept on globalThis so Next.js dev reloads do not open new pools). */
export function getDb(): Db {
  globalForDb.chatwatchDb ??= createDb(getConfig().DATABASE_URL, 10, poolTimeouts());
  return globalForDb.chatwatchDb;
}
