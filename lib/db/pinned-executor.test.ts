import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/db';
import { pinnedExecutor } from './pinned-executor';

let pool: pg.Pool;
beforeAll(async () => {
  pool = new pg.Pool({ connectionString: await createTestDatabase(), max: 4 });
  pool.on('error', () => undefined);
});
afterAll(() => pool.end());

const pid = { name: 'pid', text: 'SELECT pg_backend_pid() AS pid, pg_sleep(0.05)', values: [] };

describe('pinnedExecutor', () => {
  it('reuses its pinned connections, and falls back to the pool beyond them', async () => {
    const executor = pinnedExecutor(pool, 2);
    const first = await Promise.all([executor.query<{ pid: number }>(pid), executor.query<{ pid: number }>(pid)]);
    const again = await Promise.all([
      executor.query<{ pid: number }>(pid),
      executor.query<{ pid: number }>(pid),
      executor.query<{ pid: number }>(pid),
    ]);
    const pinned = new Set(first.map((r) => r.rows[0]!.pid));
    expect(pinned.size).toBe(2);
    expect(again.filter((r) => pinned.has(r.rows[0]!.pid))).toHaveLength(2);
    executor.unpin();
  });

  it('replaces a pinned connection that dies', async () => {
    const executor = pinnedExecutor(pool, 1);
    const { rows } = await executor.query<{ pid: number }>(pid);
    await expect(
      executor.query({ name: 'kill', text: 'SELECT pg_terminate_backend(pg_backend_pid())', values: [] }),
    ).rejects.toThrow();
    const { rows: after } = await executor.query<{ pid: number }>(pid);
    expect(after[0]!.pid).not.toBe(rows[0]!.pid);
    executor.unpin();
  });
});

describe('pinnedExecutor, a connection dropped while idle', () => {
  it('gives the dead client back to the pool (no uncaught error) and runs the next statement on a fresh one', async () => {
    const executor = pinnedExecutor(pool, 1);
    const { rows } = await executor.query<{ pid: number }>(pid);
    // The backend killed from outside while the pinned client waits between statements: node-postgres emits
    // 'error' on that client. The pool's 'remove' event is the recorded outcome that it was given back.
    const removed = new Promise((resolve) => pool.once('remove', resolve));
    await pool.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
    await removed;
    const { rows: after } = await executor.query<{ pid: number }>(pid);
    expect(after[0]!.pid).not.toBe(rows[0]!.pid);
    executor.unpin();
  });
});
