import { getConfig } from '@/lib/config';

export const dynamic = 'force-dynamic';

/**
 * The framework's ceiling for `npm run bench:webhooks`: a route that only parses the JSON body and answers 200.
 * 404 unless BENCH_BASELINE_ROUTE=true, so it does nothing in a real deployment. getConfig() parses once per
 * process, so the check costs nothing on the benchmark's hot path.
 */
export async function POST(request: Request) {
  if (!getConfig().BENCH_BASELINE_ROUTE) return new Response(null, { status: 404 });
  const body: unknown = await request.json();
  return Response.json({ ok: body !== undefined });
}
