import { Agent, request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/db';
import { startSandbox, type Running } from '../test/harness';

// A client that keeps connections alive (Playwright's request context, got, undici) reuses an idle one. Node's
// server closes idle connections after 5 s by default; a request sent on one just as it closes dies with ECONNRESET
// (an e2e mailbox read did). The sandbox keeps idle connections well past that, so the client is the one to close.

let run: Running;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

beforeAll(async () => {
  run = await startSandbox(await createTestDatabase());
});
afterAll(async () => {
  agent.destroy();
  await run?.sandbox.stop();
});

/** GET /health over the one pooled connection; whether it went over a connection used before. */
function get(): Promise<{ status: number; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(`${run.url}/health`, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
    });
    req.on('error', reject);
    req.end();
  });
}

it('keeps an idle keep-alive connection open past Node’s 5 s default, so a client reusing it is not reset', async () => {
  expect(await get()).toEqual({ status: 200, reused: false });
  // Idle longer than Node's default keepAliveTimeout: the behaviour under test is how long an idle connection lives.
  await new Promise((resolve) => setTimeout(resolve, 6_500));
  expect(await get()).toEqual({ status: 200, reused: true });
}, 30_000);
