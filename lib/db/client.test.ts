import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/db';
import { createDb } from './client';

const url = await createTestDatabase();
const openSockets = () => process.getActiveResourcesInfo().filter((kind) => kind === 'TCPSocketWrap').length;

describe('createDb', () => {
  // A CLI (user:create, report) exits only when nothing keeps the event loop alive: $disconnect must END the
  // pool, not leave its idle connections open until idleTimeoutMillis.
  it('closes every connection of its pool on $disconnect', async () => {
    const before = openSockets();
    const db = createDb(url, 4);
    await Promise.all([1, 2, 3].map(() => db.$queryRaw`SELECT pg_sleep(0.05)::text AS slept`));
    expect(openSockets()).toBeGreaterThan(before);
    await db.$disconnect();
    // The sockets close a moment after $disconnect resolves; a pool left open keeps them for idleTimeoutMillis (30 s).
    await expect.poll(openSockets, { timeout: 5000 }).toBe(before);
  });
});
