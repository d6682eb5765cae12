import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/db';
import { keptAliveClient, PAST_NODE_DEFAULT_IDLE_MS } from '../../test/support/keep-alive';
import { startSandbox, type Running } from '../test/harness';

// A client that keeps connections alive (Playwright's request context, got, undici) reuses an idle one. Node's
// server closes idle connections after 5 s by default; a request sent on one just as it closes dies with ECONNRESET
// (an e2e mailbox read did). The sandbox keeps idle connections well past that, so the client is the one to close.

let run: Running;
const client = keptAliveClient();

beforeAll(async () => {
  run = await startSandbox(await createTestDatabase());
});
afterAll(async () => {
  client.close();
  await run?.sandbox.stop();
});

it('keeps an idle keep-alive connection open past Node’s 5 s default, so a client reusing it is not reset', async () => {
  expect(await client.get(`${run.url}/health`)).toEqual({ status: 200, reused: false });
  // The behaviour under test is how long an idle connection lives, so the test idles.
  await new Promise((resolve) => setTimeout(resolve, PAST_NODE_DEFAULT_IDLE_MS));
  expect(await client.get(`${run.url}/health`)).toEqual({ status: 200, reused: true });
}, 30_000);
