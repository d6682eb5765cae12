import { Agent, request } from 'node:http';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMetricsServer } from './metrics';

// Prometheus and the e2e specs read /metrics over kept-alive connections. Node closes idle ones after 5 s by default,
// and a request sent on one just as it closes dies with ECONNRESET; our servers keep them longer than any client.

let server: Awaited<ReturnType<typeof startMetricsServer>>;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

beforeAll(async () => {
  server = await startMetricsServer(new Registry(), { host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  agent.destroy();
  await server?.close();
});

function get(): Promise<{ status: number; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(server.url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
    });
    req.on('error', reject);
    req.end();
  });
}

it('keeps an idle keep-alive connection open past Node’s 5 s default, so a scraper reusing it is not reset', async () => {
  expect(await get()).toEqual({ status: 200, reused: false });
  // Idle longer than Node's default keepAliveTimeout: the behaviour under test is how long an idle connection lives.
  await new Promise((resolve) => setTimeout(resolve, 6_500));
  expect(await get()).toEqual({ status: 200, reused: true });
}, 30_000);
