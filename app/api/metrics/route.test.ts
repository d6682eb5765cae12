import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUIRED_CONFIG_ENV } from '../../../test/support/config-env';
import { createTestDatabase } from '../../../test/support/db';

// "/api/metrics is served to anyone on the app's public port": the real route, on a real database, now wants
// the configured bearer token (Prometheus sends it from a credentials_file, monitor/prometheus/prometheus.yml).

const TOKEN = 'mt_test-metrics-token-0123456789';
const saved = { ...process.env };
let GET: (request: Request) => Promise<Response>;

beforeAll(async () => {
  const url = await createTestDatabase();
  Object.assign(process.env, REQUIRED_CONFIG_ENV, { DATABASE_URL: url, METRICS_TOKEN: TOKEN, NODE_ENV: 'test' });
  ({ GET } = await import('./route'));
});
afterAll(() => {
  process.env = saved;
});

const scrape = (authorization?: string) =>
  GET(new Request('http://app.test/api/metrics', { headers: authorization ? { authorization } : {} }));

describe('GET /api/metrics', () => {
  it('refuses a scrape without the token, or with another one, with 401 and no metric in the body', async () => {
    for (const authorization of [
      undefined,
      'Bearer wrong-token',
      `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`,
      `Bearer ${TOKEN}x`,
    ]) {
      const response = await scrape(authorization);
      expect(response.status, authorization).toBe(401);
      expect(await response.text()).not.toContain('vendor_webhooks_received_total');
    }
  });

  it('serves the metrics to Prometheus with the bearer token', async () => {
    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('vendor_webhooks_received_total');
  });
});
