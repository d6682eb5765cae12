import { toNextJsHandler } from 'better-auth/next-js';
import { getAuth } from '@/lib/auth/auth';
import { authRouteHandler } from '@/lib/auth/auth-route';

export const dynamic = 'force-dynamic';

// better-auth's routes; a database outage answers 503 + Retry-After instead of better-auth's 500 (auth-route.ts).
export async function GET(request: Request) {
  return authRouteHandler(toNextJsHandler(getAuth()).GET)(request);
}

export async function POST(request: Request) {
  return authRouteHandler(toNextJsHandler(getAuth()).POST)(request);
}
