import type pg from 'pg';
import { isDatabaseUnavailable } from './unavailable';

interface NamedQuery {
  name: string;
  text: string;
  values: unknown[];
}

/** Runs named (prepared) statements; what the webhook ingest needs of a connection. */
export interface StatementExecutor {
  query<R extends Record<string, unknown>>(config: NamedQuery): Promise<{ rows: R[] }>;
}

/**
 * Keeps up to `size` pool clients checked out and runs statements on an idle one: a hot path then skips the
 * pool's checkout and release on every query (~50 µs of CPU each on this machine). A client whose connection
 * fails is given back to the pool to be destroyed and replaced on next use. Beyond `size` concurrent
 * statements it falls back to the pool.
 *
 * A pinned client is checked out, so the pool's own idle 'error' listener is not on it: when its connection
 * drops while it waits between statements (a killed backend, a restart), node-postgres emits 'error' on the
 * client itself, and without a listener of ours that was an uncaught exception in the web process.
 */
export function pinnedExecutor(pool: pg.Pool, size: number): StatementExecutor & { unpin(): void } {
  const idle: pg.PoolClient[] = [];
  let pinned = 0;
  return {
    /** Gives the idle pinned clients back to the pool (tests; a process keeps them for its lifetime). */
    unpin() {
      for (const client of idle.splice(0)) client.release();
      pinned = 0;
    },
    async query<R extends Record<string, unknown>>(config: NamedQuery) {
      let client = idle.pop();
      if (!client && pinned < size) {
        pinned++;
        try {
          client = await pool.connect();
        } catch (error) {
          pinned--;
          throw error;
        }
        const own = client;
        own.on('error', (error: Error) => {
          // Busy clients are handled where their statement fails; an idle one is dropped here.
          const at = idle.indexOf(own);
          if (at < 0) return;
          idle.splice(at, 1);
          pinned--;
          own.release(error);
        });
      }
      if (!client) return pool.query<R>(config);
      try {
        const result = await client.query<R>(config);
        idle.push(client);
        return result;
      } catch (error) {
        if (isDatabaseUnavailable(error)) {
          pinned--;
          client.release(error as Error);
        } else {
          idle.push(client);
        }
        throw error;
      }
    },
  };
}
