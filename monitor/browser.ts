import type { Logger } from 'pino';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium, type OwnChromium } from '../lib/browser/launch';
import { MonitorFault } from './checks/errors';

/** A browser context's cookies and storage (Playwright `BrowserContext.storageState()`): a kept session. */
export type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

/**
 * One Chromium kept warm for every journey (a launch costs ~1 s and ~100 MB; a context costs ~10 ms): each
 * run gets a fresh context, which it must close. Relaunched when it crashes or after reset().
 */
export class WarmBrowser {
  private browser: Promise<OwnChromium> | null = null;
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

  private async get(): Promise<Browser> {
    const executablePath = this.browser ? null : this.options.executablePath();
    if (!this.browser && !executablePath)
      return Promise.reject(
        new MonitorFault(
          'browser journeys not running: no Chromium found (install it: apt-get install chromium, or set CHROMIUM_PATH)',
        ),
      );
    this.browser ??= launchChromium({
      executablePath: executablePath!,
      args: this.options.args,
      timeoutMs: this.options.launchTimeoutMs ?? 30_000,
    })
      .then((own) => {
        own.browser.on('disconnected', () => {
          if (!this.closing) this.options.log.warn('Chromium disconnected; it will be relaunched for the next run');
          if (this.browser && !this.closing) this.browser = null;
        });
        return own;
      })
      .catch((error: unknown) => {
        this.browser = null;
        throw new MonitorFault(`Chromium did not start: ${(error as Error).message}`, { cause: error });
      });
    return (await this.browser).browser;
  }

  /** Open contexts right now (each journey must close its own; the benchmark checks this stays at 0 between runs). */
  async openContexts(): Promise<number> {
    if (!this.browser) return 0;
    return (await this.browser.catch(() => null))?.browser.contexts().length ?? 0;
  }

  /** Closes the browser; kills its process group if it does not close within 5 s (a hung or starved Chromium). */
  async reset(): Promise<void> {
    const pending = this.browser;
    this.browser = null;
    if (!pending) return;
    const own = await pending.catch(() => null);
    if (!own) return;
    this.closing = true;
    const ended = await own.close(5000).finally(() => (this.closing = false));
    if (ended === 'killed') this.options.log.warn('Chromium did not close in 5 s; killed it');
  }

  close(): Promise<void> {
    return this.reset();
  }
}
