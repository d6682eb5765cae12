import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './lib/browser/chromium';
import { E2E_APP_URL, E2E_VENDOR, VENDOR_SPECS, playwrightReportName } from './scripts/lib/e2e-profile';

const executablePath = findChromium(process.env.CHROMIUM_PATH) ?? undefined;

export default defineConfig({
  testDir: 'playwright/e2e',
  outputDir: `.data/test/playwright-results/${E2E_VENDOR}`,
  // The global setup starts the whole stack (PostgreSQL, sandbox, web, worker, monitor) once.
  globalSetup: './playwright/global-setup.ts',
  // One worker: the stack under test already uses both cores.
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: [['list'], ['json', { outputFile: `.data/test/${playwrightReportName(E2E_VENDOR)}` }]],
  // One project per run, named after its vendor (E2E_VENDOR, scripts/lib/e2e-profile.ts): the global setup starts
  // that vendor's stack. The sandbox vendor runs every spec; other vendors run the vendor-parameterised ones.
  projects: [
    E2E_VENDOR === 'sandbox'
      ? { name: 'sandbox' }
      : { name: E2E_VENDOR, testMatch: VENDOR_SPECS.map((spec) => `**/${spec}`) },
  ],
  use: {
    baseURL: E2E_APP_URL,
    headless: true,
    launchOptions: { executablePath, args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
