import pg from 'pg';
import { getConfig } from '../config';
import { logger } from '../logger';
import { poolTimeouts, TOOL_TIMEOUTS, type PoolTimeouts } from './timeouts';

const log = logger.child({ component: 'pg-pool' });

/**
 * A plain `pg` pool for hot paths where Prisma's per-query overhead matters (the webhook route) and for
 * scrape-time metric reads. Every wait is bounded (./timeouts.ts): a request must fail fast (503) rather than hang.
 */
export function createPool(connectionString: string, max = 10, timeouts: PoolTimeouts = TOOL_TIMEOUTS): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    idleTimeoutMillis: 30_000,
    ...timeouts,
    application_name: 'chatwatch-web',
  });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', (error) => log.warn({ err: error }, 'idle PostgreSQL connection failed'));
  return pool;
}

const globalForPool = globalThis as unknown as { chatwatchPool?: pg.Pool };

/** The process-wide pool (kept on globalThis so Next.js module copies share it). */
export function getPool(): pg.Pool {
  if (!globalForPool.chatwatchPool) {
    const config = getConfig();
    globalForPool.chatwatchPool = createPool(config.DATABASE_URL, config.WEBHOOK_DB_POOL_MAX, poolTimeouts());
  }
  return globalForPool.chatwatchPool;
}
