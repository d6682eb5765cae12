import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Flags for a closed network: without the background-networking ones Chromium hammers unreachable Google hosts. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/**
 * The Chromium binary to launch: `configuredPath` (CHROMIUM_PATH, from the caller's config) when set — null if
 * it does not exist —, else Playwright's own browser if one is installed, else Debian's /usr/bin/chromium.
 */
export function findChromium(configuredPath?: string | null): string | null {
  // turbopackIgnore: the web app imports this too (PDF exports); these paths are not project files to trace.
  if (configuredPath) return existsSync(/*turbopackIgnore: true*/ configuredPath) ? configuredPath : null;
  try {
    const require = createRequire(import.meta.url);
    const { chromium } = require('playwright-core') as typeof import('playwright-core');
    const own = chromium.executablePath();
    if (own && existsSync(/*turbopackIgnore: true*/ own)) return own;
  } catch {
    // playwright-core reports no browser by throwing; fall through to the system one.
  }
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser'])
    if (existsSync(/*turbopackIgnore: true*/ candidate)) return candidate;
  return null;
}

export const CHROMIUM_MISSING_HELP =
  'No Chromium found. Install one: `sudo apt-get install chromium` (Debian/Ubuntu), or set CHROMIUM_PATH to a Chrome/Chromium binary.';
