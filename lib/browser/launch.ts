import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Browser } from 'playwright-core';

/** A Chromium of our own, with a close that always ends. */
export interface OwnChromium {
  browser: Browser;
  /**
   * Closes the browser gracefully; if it has not closed within `graceMs` (a wedged or starved Chromium, whose
   * close never answers), kills its whole process group. Never throws. Resolves how it ended; a later call gets the first call's outcome.
   */
  close(graceMs?: number): Promise<'closed' | 'killed'>;
}

/**
 * Launches Chromium as a Playwright browser server (`BrowserType.launchServer`) and connects to it, so that we
 * hold its process: Playwright's `BrowserServer.kill()` SIGKILLs the browser's process group (it is started
 * detached), which a browser from `chromium.launch()` cannot be asked to do. `timeoutMs` bounds the launch and
 * the connection. Throws Playwright's error when Chromium does not start.
 */
export async function launchChromium(options: {
  executablePath: string;
  args: string[];
  timeoutMs: number;
}): Promise<OwnChromium> {
  const server = await chromium.launchServer({
    executablePath: options.executablePath,
    args: options.args,
    headless: true,
    timeout: options.timeoutMs,
  });
  let browser: Browser;
  try {
    browser = await chromium.connect(server.wsEndpoint(), { timeout: options.timeoutMs });
  } catch (error) {
    await server.kill().catch(() => undefined);
    throw error;
  }
  let closing: Promise<'closed' | 'killed'> | null = null;
  const close = async (graceMs: number): Promise<'closed' | 'killed'> => {
    const closed = await Promise.race([
      // A connected browser's close() only disconnects; the server's close() ends the browser process.
      browser
        .close()
        .then(() => server.close())
        .then(
          () => true,
          () => true,
        ),
      sleep(graceMs).then(() => false),
    ]);
    if (closed) return 'closed';
    await Promise.race([server.kill().catch(() => undefined), sleep(graceMs)]);
    return 'killed';
  };
  // Once: a second call (a deadline's close, then `finally`) gets the first one's outcome instead of closing again.
  return { browser, close: (graceMs = 5000) => (closing ??= close(graceMs)) };
}
