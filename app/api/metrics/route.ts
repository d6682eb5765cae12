import { renderAppMetrics } from '@/lib/metrics/render-app-metrics';

export const dynamic = 'force-dynamic';

/** Prometheus scrape endpoint of the web app. */
export async function GET() {
  const { body, contentType } = await renderAppMetrics();
  return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
}
