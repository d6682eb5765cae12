import { Registry } from 'prom-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { keptAliveClient, PAST_NODE_DEFAULT_IDLE_MS } from '../test/support/keep-alive';
import { startMetricsServer } from './metrics';

// Prometheus and the e2e specs read /metrics over kept-alive connections. Node closes idle ones after 5 s by default,
// and a request sent on one just as it closes dies with ECONNRESET; our servers keep them longer than any client.

let server: Awaited<ReturnType<typeof startMetricsServer>>;
const client = keptAliveClient();

beforeAll(async () => {
  server = await startMetricsServer(new Registry(), { host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  client.close();
  await server?.close();
});

it('keeps an idle keep-alive connection open past Node’s 5 s default, so a scraper reusing it is not reset', async () => {
  expect(await client.get(server.url)).toEqual({ status: 200, reused: false });
  // The behaviour under test is how long an idle connection lives, so the test idles.
  await new Promise((resolve) => setTimeout(resolve, PAST_NODE_DEFAULT_IDLE_MS));
  expect(await client.get(server.url)).toEqual({ status: 200, reused: true });
}, 30_000);
