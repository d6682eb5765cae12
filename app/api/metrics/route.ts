import { getRegistry } from '@/lib/metrics/registry';
import '@/lib/metrics/app-metrics';

export const dynamic = 'force-dynamic';

/** Prometheus scrape endpoint of the web app. */
export async function GET() {
  const registry = getRegistry();
  return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' } });
}
