import type { CheckDeps } from './deps';
import { MonitorFault, StepFailure } from './errors';
import type { Check } from './types';

/**
 * Our app's sign-in, as its own check (the journey reuses its session, so it rarely signs in): the synthetic
 * user signs in through the same endpoint as the sign-in form (better-auth `POST /api/auth/sign-in/email`,
 * JSON { email, password }, session cookie in Set-Cookie) and signs out again (`POST /api/auth/sign-out`) so
 * no session piles up. Blamed on `app`: ours, never the vendor's. A success is never counted by our sign-in
 * limits (they count failures only).
 */
export function createAppSignInCheck({ config }: CheckDeps): Check {
  const base = config.APP_URL.replace(/\/+$/, '');
  const origin = new URL(base).origin;
  const timeoutMs = config.MONITOR_UI_TIMEOUT_MS;
  const post = (path: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) =>
    fetch(`${base}/api/auth${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin,
        ...(config.MONITOR_JOURNEY_FORWARDED_FOR && config.MONITOR_JOURNEY_FORWARDED_FOR !== 'per-run'
          ? { 'x-forwarded-for': config.MONITOR_JOURNEY_FORWARDED_FOR }
          : {}),
        ...headers,
      },
      body: JSON.stringify(body),
      signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
  return {
    name: 'app-sign-in',
    description: 'the synthetic user signs in to our app and out again (our sign-in, limiter and session store)',
    components: ['app'],
    lagging: false,
    timeoutMs: timeoutMs * 2 + 2000,
    async run(ctx) {
      const password = config.MONITOR_SYNTHETIC_PASSWORD;
      if (!password) throw new MonitorFault('MONITOR_SYNTHETIC_PASSWORD is not set');
      const cookie = await ctx.step('sign-in', 'app', async () => {
        const started = performance.now();
        const response = await post(
          '/sign-in/email',
          { email: config.MONITOR_SYNTHETIC_EMAIL, password },
          {},
          ctx.signal,
        );
        ctx.detail({ status: response.status, latencyMs: Math.round(performance.now() - started) });
        if (!response.ok) {
          const body = (await response.json().catch(() => null)) as { message?: string } | null;
          throw new StepFailure(
            'sign-in',
            'app',
            `our sign-in answered ${response.status}${body?.message ? `: ${body.message}` : ''}`,
          );
        }
        const session = response.headers
          .getSetCookie()
          .map((c) => c.split(';', 1)[0]!)
          .find((c) => /session_token=/.test(c));
        if (!session) throw new StepFailure('sign-in', 'app', 'our sign-in answered 200 without a session cookie');
        return session;
      });
      await ctx.step('sign-out', 'app', async () => {
        const response = await post('/sign-out', {}, { cookie }, ctx.signal);
        if (!response.ok) throw new StepFailure('sign-out', 'app', `our sign-out answered ${response.status}`);
      });
    },
  };
}
