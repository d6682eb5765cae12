import { checkHealth } from '@/lib/health/check-health';

export const dynamic = 'force-dynamic';

/** 200 when the database answers and every migration is applied; 503 otherwise (load balancers read the status). */
export async function GET() {
  const report = await checkHealth();
  return Response.json(report, { status: report.status === 'ok' ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
