import { getConfig } from '@/lib/config';
import { metricsScrapeAllowed } from '@/lib/metrics/metrics-auth';
import { renderAppMetrics } from '@/lib/metrics/render-app-metrics';

export const dynamic = 'force-dynamic';

/**
 * Prometheus scrape endpoint of the web app, for Prometheus only: it needs `Authorization: Bearer
 * <METRICS_TOKEN>` (401 otherwise), and answers 404 when no token is configured (docs/metrics.md).
 */
export async function GET(request: Request) {
  const token = getConfig().METRICS_TOKEN;
  if (!token) return new Response('Not found', { status: 404, headers: { 'cache-control': 'no-store' } });
  if (!metricsScrapeAllowed(request.headers.get('authorization'), token)) {
    return new Response('Unauthorized', {
      status: 401,
      headers: { 'www-authenticate': 'Bearer realm="metrics"', 'cache-control': 'no-store' },
    });
  }
  const { body, contentType } = await renderAppMetrics();
  return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
}
