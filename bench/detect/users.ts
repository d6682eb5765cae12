// Simulated real users for `bench:detect -- --mode users`: signed-in demo members, each opening their project's
// chat page in a real Chromium every few seconds. The page itself sends its RUM beacon (ready, timeout or
// error) exactly as a person's browser would; the bench never writes a beacon.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../../lib/browser/chromium';
import type { RunningStack } from '../../scripts/lib/stack';
import { until } from '../poll';
import { signInBeaconUser } from '../truth/load';

export interface SimulatedUser {
  email: string;
  projectId: string;
}

export interface UserLoad {
  /** Beacons the pages sent, by result, since the start. */
  beacons: Record<string, number>;
  stop(): Promise<void>;
}

/**
 * Starts every user's loop: a fresh page on `/projects/<id>` every `everyMs` (staggered across users), closed
 * once its beacon is answered or after `pageTimeoutMs`. Sign-ins come from addresses of their own, so the
 * monitor's sign-in limiter counters are not theirs. `stop` closes every page and the browser.
 */
export async function startUserLoad(
  stack: RunningStack,
  users: SimulatedUser[],
  options: { password: string; everyMs: number; pageTimeoutMs: number },
): Promise<UserLoad> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('no Chromium for the simulated users');
  const browser: Browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  const beacons: Record<string, number> = {};
  let stopped = false;
  // Declared before any loop starts: a loop's first call to it runs during the sign-in loop below.
  const wakers = new Set<() => void>();
  const sleepUnlessStopped = (ms: number) =>
    stopped || ms <= 0
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            wakers.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, ms);
          wakers.add(wake);
        });

  const loops: Promise<void>[] = [];
  try {
    const app = new URL(stack.urls.app);
    // Every user signs in before any loop starts (retried: a loaded app may answer 503 or time out), so a failed
    // sign-in never closes the browser under running loops.
    const cookies: string[] = [];
    for (const [i, user] of users.entries())
      cookies.push(
        (
          await until(
            `${user.email} signed in`,
            120_000,
            () => signInBeaconUser(stack, user.email, options.password, user.projectId, `198.19.201.${i + 1}`),
            { everyMs: 2000, ignoreErrors: true },
          )
        ).cookie,
      );
    for (const [i, user] of users.entries()) {
      const cookie = cookies[i]!;
      const [name, value] = [cookie.slice(0, cookie.indexOf('=')), cookie.slice(cookie.indexOf('=') + 1)];
      const context: BrowserContext = await browser.newContext();
      await context.addCookies([{ name, value, domain: app.hostname, path: '/' }]);
      loops.push(loop(context, user, i));
    }
  } catch (error) {
    stopped = true;
    for (const wake of [...wakers]) wake();
    await Promise.allSettled(loops);
    await browser.close();
    throw error;
  }

  async function loop(context: BrowserContext, user: SimulatedUser, index: number): Promise<void> {
    await sleepUnlessStopped((options.everyMs / users.length) * index);
    const pending = new Set<Promise<void>>();
    while (!stopped) {
      const started = Date.now();
      const load = openOnce(context, user).finally(() => pending.delete(load));
      pending.add(load);
      await sleepUnlessStopped(options.everyMs - (Date.now() - started));
    }
    await Promise.allSettled(pending);
    await context.close().catch(() => undefined);
  }

  async function openOnce(context: BrowserContext, user: SimulatedUser): Promise<void> {
    let page: Page | undefined;
    try {
      page = await context.newPage();
      const beacon = page
        .waitForRequest((r) => r.url().endsWith('/api/rum/chat-embed') && r.method() === 'POST', {
          timeout: options.pageTimeoutMs,
        })
        .then((r) => {
          const result = (JSON.parse(r.postData() ?? '{}') as { result?: string }).result ?? 'unknown';
          beacons[result] = (beacons[result] ?? 0) + 1;
          return true;
        })
        // Settled either way, so a page that fails to load never leaves this wait rejecting unobserved.
        .catch(() => false);
      await page
        .goto(`${stack.urls.app}/projects/${user.projectId}`, { timeout: options.pageTimeoutMs })
        .catch(() => null);
      if (!(await beacon)) beacons['no beacon'] = (beacons['no beacon'] ?? 0) + 1;
    } catch {
      beacons['no page'] = (beacons['no page'] ?? 0) + 1;
    } finally {
      await page?.close().catch(() => undefined);
    }
  }

  return {
    beacons,
    async stop() {
      stopped = true;
      for (const wake of [...wakers]) wake();
      await Promise.allSettled(loops);
      await browser.close().catch(() => undefined);
    },
  };
}
