import pg from 'pg';
import { SCHEMA_SQL } from './schema';

export type Queryable = Pick<pg.PoolClient, 'query'>;

export interface Db {
  query: pg.Pool['query'];
  /** Runs fn in one transaction: everything it wrote is kept, or nothing. */
  tx<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

// bigint (seq, counts) as number: the sandbox's values are small. Per pool, not global, so other pg users are untouched.
const getTypeParser = ((oid: number, format?: 'text' | 'binary') =>
  oid === pg.types.builtins.INT8
    ? (v: string) => Number(v)
    : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser;

/**
 * The sandbox's pool. Waits are bounded (a frozen server must not hang the fake vendor's routes forever), and an
 * idle connection dying (database restart) is reported to `onIdleError` instead of crashing the process: pg
 * emits it as an EventEmitter 'error', which without a listener throws.
 */
export function createDb(connectionString: string, onIdleError: (error: Error) => void = () => undefined): Db {
  const pool = new pg.Pool({
    connectionString,
    max: 8,
    application_name: 'chatwatch-sandbox',
    types: { getTypeParser },
    connectionTimeoutMillis: 3000,
    query_timeout: 10_000,
  });
  pool.on('error', onIdleError);
  const db: Db = {
    query: pool.query.bind(pool) as pg.Pool['query'],
    async tx(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async migrate() {
      // An advisory lock so two sandboxes starting on one database do not race on CREATE.
      await db.tx(async (client) => {
        await client.query('SELECT pg_advisory_xact_lock(4100)');
        await client.query(SCHEMA_SQL);
      });
    },
    close: () => pool.end(),
  };
  return db;
}
