import { checkHealth } from '@/lib/health/check-health';

export const dynamic = 'force-dynamic';

/**
 * 200 when the database answers and every migration is applied; 503 otherwise (load balancers read the status).
 * A stale monitor makes the body say "degraded" but keeps 200: the app itself still serves.
 */
export async function GET() {
  const report = await checkHealth();
  return Response.json(report, { status: report.serving ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
