// Simulated real users for `bench:detect -- --mode users`: signed-in demo members, each opening their project's
// chat page in a real Chromium every few seconds. The page itself sends its RUM beacon (ready, timeout or
// error) exactly as a person's browser would; the bench never writes a beacon.
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import type { BrowserContext, Page } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../../lib/browser/chromium';
import { WarmBrowser } from '../../monitor/browser';

export interface SimulatedUser {
  email: string;
  projectId: string;
}

export interface UserLoad {
  /** Beacons the pages sent, by result, since the start. */
  beacons: Record<string, number>;
  /**
   * Stops every loop and the browser. Bounded: it waits at most `pageTimeoutMs` + 5 s for open pages, then closes
   * the browser and kills its processes if it does not close within 5 s (a wedged Chromium, as under heavy load).
   */
  stop(): Promise<void>;
}

/**
 * Starts every user's loop: a fresh page on `<appUrl>/projects/<id>` every `everyMs` (staggered across users),
 * closed once its beacon is answered or after `pageTimeoutMs`. `signIn(user, index)` returns the user's session
 * cookie (`name=value`); every user signs in before any loop starts, so a failed sign-in never closes the browser
 * under running loops. Throws if there is no Chromium or a sign-in fails (the browser is then closed).
 */
export async function startUserLoad(
  appUrl: string,
  users: SimulatedUser[],
  options: {
    signIn: (user: SimulatedUser, index: number) => Promise<string>;
    everyMs: number;
    pageTimeoutMs: number;
  },
): Promise<UserLoad> {
  if (!findChromium()) throw new Error('no Chromium for the simulated users');
  // The monitor's own browser holder: its close is bounded and kills a Chromium that does not close, which a
  // plain `browser.close()` is not (stopping the users hung the bench when Chromium was starved).
  const browser = new WarmBrowser({
    executablePath: findChromium,
    args: CHROMIUM_ARGS,
    log: pino({ level: 'warn', base: { component: 'bench-users' } }),
  });
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
  const stop = async () => {
    stopped = true;
    for (const wake of [...wakers]) wake();
    // Open pages end within their own timeouts unless Chromium itself is wedged; closing the browser then makes
    // every pending call fail, which ends the loops.
    await Promise.race([Promise.allSettled(loops), sleep(options.pageTimeoutMs + 5000)]);
    await browser.close();
    await Promise.race([Promise.allSettled(loops), sleep(5000)]);
  };

  try {
    const app = new URL(appUrl);
    const cookies: string[] = [];
    for (const [i, user] of users.entries()) cookies.push(await options.signIn(user, i));
    for (const [i, user] of users.entries()) {
      const cookie = cookies[i]!;
      const [name, value] = [cookie.slice(0, cookie.indexOf('=')), cookie.slice(cookie.indexOf('=') + 1)];
      const context = await browser.newContext();
      await context.addCookies([{ name, value, domain: app.hostname, path: '/' }]);
      loops.push(loop(context, user, i));
    }
  } catch (error) {
    await stop();
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
      await page.goto(`${appUrl}/projects/${user.projectId}`, { timeout: options.pageTimeoutMs }).catch(() => null);
      if (!(await beacon)) beacons['no beacon'] = (beacons['no beacon'] ?? 0) + 1;
    } catch {
      beacons['no page'] = (beacons['no page'] ?? 0) + 1;
    } finally {
      await page?.close().catch(() => undefined);
    }
  }

  return { beacons, stop };
}
