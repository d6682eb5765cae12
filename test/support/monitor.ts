// Helpers for the monitor's tests (not imported by the monitor itself).
import { parseConfig, type Config } from '../../lib/config';
import type { MonitorComponent } from '../../lib/incidents/components';
import type { Check, CheckName } from '../../monitor/checks/types';

/** A valid configuration for tests: the database given, everything else harmless. */
export function testConfig(databaseUrl: string, env: Record<string, string> = {}): Config {
  return parseConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: 'test-auth-secret-that-is-long-enough-32',
    VENDOR_API_URL: 'http://127.0.0.1:9',
    VENDOR_API_SECRET: 'sandbox-api-secret-for-tests',
    VENDOR_WEBHOOK_SECRET: `whsec_${Buffer.from('chatwatch-test-webhook-secret-32b').toString('base64')}`,
    SENDGRID_API_KEY: 'SG.test',
    SENDGRID_API_URL: 'http://127.0.0.1:9',
    SENDGRID_EVENT_PUBLIC_KEY: 'test',
    MONITOR_FAULT_SOURCE: 'none',
    MONITOR_ARTIFACTS_DIR: '.data/test/artifacts',
    MONITOR_LEADER_POLL_SECONDS: '1',
    ...env,
  });
}

export type Outcome = 'pass' | 'fail' | 'hang';

export interface ScriptedCheck extends Check {
  /** Attempts started so far. */
  attempts: number;
  resets: number;
  /** Changes what the next attempts do. */
  setPlan(plan: (attempt: number) => Outcome): void;
}

/**
 * A check whose attempts pass, fail or hang (ignoring the abort until reset) as `plan` says: the
 * runner, scheduler and incident rules are tested without a browser or a vendor.
 */
export function scriptedCheck(
  name: CheckName,
  component: MonitorComponent,
  plan: (attempt: number) => Outcome,
  timeoutMs = 2000,
): ScriptedCheck {
  let current = plan;
  let release: (() => void) | null = null;
  const check: ScriptedCheck = {
    name,
    description: `scripted ${name}`,
    components: [component],
    lagging: false,
    timeoutMs,
    attempts: 0,
    resets: 0,
    setPlan: (next) => {
      current = next;
    },
    async run(ctx) {
      const attempt = ++check.attempts;
      const outcome = current(attempt);
      await ctx.step('probe', component, async () => {
        if (outcome === 'fail') throw new Error(`scripted failure #${attempt}`);
        if (outcome === 'hang') await new Promise<void>((resolve) => (release = resolve));
      });
    },
    async reset() {
      check.resets++;
      release?.();
    },
  };
  return check;
}

/** Polls until `probe` returns a truthy value, or throws after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
