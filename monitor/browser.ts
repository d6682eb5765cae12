import { readdir, readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/** A browser context's cookies and storage (Playwright `BrowserContext.storageState()`): a kept session. */
export type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;
import type { Logger } from 'pino';
import { MonitorFault } from './checks/errors';

/** Child processes of `pid` (Linux /proc), recursively: Chromium's browser, zygote, GPU and renderer processes. */
export async function descendantPids(pid: number): Promise<number[]> {
  const parents = new Map<number, number[]>();
  for (const entry of await readdir('/proc').catch(() => [])) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => null);
    // The command name may hold spaces and parentheses: the parent pid follows the last ')'.
    const ppid = stat ? Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) : NaN;
    if (Number.isFinite(ppid)) parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const child of parents.get(p) ?? []) {
      out.push(child);
      walk(child);
    }
  };
  walk(pid);
  return out;
}

/**
 * One Chromium kept warm for every journey (a launch costs ~1 s and ~100 MB; a context costs ~10 ms): each
 * run gets a fresh context, which it must close. Relaunched when it crashes or after reset().
 */
export class WarmBrowser {
  private browser: Promise<Browser> | null = null;
  private closing = false;

  constructor(
    /** `executablePath` is asked at every launch: a browser installed after the monitor started is found on the next run. */
    private readonly options: {
      executablePath: () => string | null;
      args: string[];
      log: Logger;
      launchTimeoutMs?: number;
    },
  ) {}

  /** A fresh context; `storageState` carries a kept session (cookies) into it. */
  async newContext(headers?: Record<string, string>, storageState?: StorageState): Promise<BrowserContext> {
    const browser = await this.get();
    return browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'en-GB',
      timezoneId: 'UTC',
      extraHTTPHeaders: headers,
      storageState,
    });
  }

  private get(): Promise<Browser> {
    const executablePath = this.browser ? null : this.options.executablePath();
    if (!this.browser && !executablePath)
      return Promise.reject(
        new MonitorFault(
          'browser journeys not running: no Chromium found (install it: apt-get install chromium, or set CHROMIUM_PATH)',
        ),
      );
    this.browser ??= chromium
      .launch({
        executablePath: executablePath!,
        args: this.options.args,
        headless: true,
        timeout: this.options.launchTimeoutMs ?? 30_000,
      })
      .then((browser) => {
        browser.on('disconnected', () => {
          if (!this.closing) this.options.log.warn('Chromium disconnected; it will be relaunched for the next run');
          if (this.browser && !this.closing) this.browser = null;
        });
        return browser;
      })
      .catch((error: unknown) => {
        this.browser = null;
        throw new MonitorFault(`Chromium did not start: ${(error as Error).message}`, { cause: error });
      });
    return this.browser;
  }

  /** Open contexts right now (each journey must close its own; the benchmark checks this stays at 0 between runs). */
  async openContexts(): Promise<number> {
    if (!this.browser) return 0;
    return (await this.browser.catch(() => null))?.contexts().length ?? 0;
  }

  /** Closes the browser; kills its processes if it does not close within 5 s (a hung renderer). */
  async reset(): Promise<void> {
    const pending = this.browser;
    this.browser = null;
    if (!pending) return;
    const browser = await pending.catch(() => null);
    if (!browser) return;
    this.closing = true;
    const closed = await Promise.race([
      browser.close().then(
        () => true,
        () => true,
      ),
      sleep(5000).then(() => false),
    ]).finally(() => (this.closing = false));
    if (closed) return;
    this.options.log.warn('Chromium did not close in 5 s; killing it');
    for (const pid of await descendantPids(process.pid)) {
      const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
      // The browser process by Playwright's launch flag, its children by Chromium's `--type=`. Not by the
      // executable path: Debian's /usr/bin/chromium is a shell script that execs /usr/lib/chromium/chromium, so
      // the path matched no process and a wedged browser process survived its "kill".
      if (cmdline.includes('--remote-debugging-pipe') || cmdline.includes('--type=')) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  }

  close(): Promise<void> {
    return this.reset();
  }
}
