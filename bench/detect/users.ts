// Simulated real users for `bench:detect -- --mode users`: signed-in demo members, each opening their project's
// chat page in a real Chromium every few seconds. The page itself sends its RUM beacon (ready, timeout or
// error) exactly as a person's browser would; the bench never writes a beacon.
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../../lib/browser/chromium';
import type { RunningStack } from '../../scripts/lib/stack';
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
    for (const [i, user] of users.entries()) {
      const { cookie } = await signInBeaconUser(
        stack,
        user.email,
        options.password,
        user.projectId,
        `198.19.201.${i + 1}`,
      );
      const [name, value] = [cookie.slice(0, cookie.indexOf('=')), cookie.slice(cookie.indexOf('=') + 1)];
      const context: BrowserContext = await browser.newContext();
      await context.addCookies([{ name, value, domain: app.hostname, path: '/' }]);
      loops.push(loop(context, user, i));
    }
  } catch (error) {
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
    const page = await context.newPage();
    try {
      const beacon = page
        .waitForRequest((r) => r.url().endsWith('/api/rum/chat-embed') && r.method() === 'POST', {
          timeout: options.pageTimeoutMs,
        })
        .then((r) => {
          const result = (JSON.parse(r.postData() ?? '{}') as { result?: string }).result ?? 'unknown';
          beacons[result] = (beacons[result] ?? 0) + 1;
        });
      await page.goto(`${stack.urls.app}/projects/${user.projectId}`, { timeout: options.pageTimeoutMs });
      await beacon;
    } catch {
      beacons['no beacon'] = (beacons['no beacon'] ?? 0) + 1;
    } finally {
      await page.close().catch(() => undefined);
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
