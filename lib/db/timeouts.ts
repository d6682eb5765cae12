import type pg from 'pg';
import { getConfig, type Config } from '../config';

/**
 * Which kind of process owns a connection pool. Request paths (web) get short statement timeouts so a request
 * fails fast (503); background processes (worker, monitor) keep the short connect and answer waits but let a
 * statement run for DB_BACKGROUND_STATEMENT_TIMEOUT_MS.
 */
export type DbRole = 'request' | 'background';

const globalForRole = globalThis as unknown as { chatwatchDbRole?: DbRole };

/** Called once at the top of a background entry point (worker, monitor) before any pool is created. */
export function setDbRole(role: DbRole): void {
  globalForRole.chatwatchDbRole = role;
}

export function getDbRole(): DbRole {
  return globalForRole.chatwatchDbRole ?? 'request';
}

type TimeoutConfig = Pick<
  Config,
  'DB_CONNECT_TIMEOUT_MS' | 'DB_STATEMENT_TIMEOUT_MS' | 'DB_QUERY_TIMEOUT_MS' | 'DB_BACKGROUND_STATEMENT_TIMEOUT_MS'
>;

/**
 * node-postgres pool options that bound every wait (node-postgres docs, "pg.Pool" and "pg.Client" config):
 * - connectionTimeoutMillis: connecting AND waiting for a free pooled client; a frozen server accepts the TCP
 *   connection but never finishes the startup handshake, so only this ends the wait;
 * - statement_timeout: sent to the server, which cancels a slow statement and keeps the connection;
 * - query_timeout: client-side; the only bound when the server does not answer at all (SIGSTOP, network
 *   partition). A client whose query timed out is destroyed by the pool on release(err).
 */
export function poolTimeouts(
  role: DbRole = getDbRole(),
  config: TimeoutConfig = getConfig(),
): Pick<pg.PoolConfig, 'connectionTimeoutMillis' | 'statement_timeout' | 'query_timeout'> {
  const statement = role === 'request' ? config.DB_STATEMENT_TIMEOUT_MS : config.DB_BACKGROUND_STATEMENT_TIMEOUT_MS;
  const query = role === 'request' ? config.DB_QUERY_TIMEOUT_MS : statement + 5000;
  return { connectionTimeoutMillis: config.DB_CONNECT_TIMEOUT_MS, statement_timeout: statement, query_timeout: query };
}

export type PoolTimeouts = ReturnType<typeof poolTimeouts>;

/** For tools and tests that have no full configuration: still bounded, generously. */
export const TOOL_TIMEOUTS: PoolTimeouts = {
  connectionTimeoutMillis: 10_000,
  statement_timeout: 600_000,
  query_timeout: 605_000,
};
