import path from 'node:path';
import type { StackProfile } from './stack';

const root = path.resolve(import.meta.dirname, '..', '..');

/**
 * The monitor on a compressed schedule, so chaos tests see an incident open and resolve in seconds: the journey
 * every 10 s, the API probe every 5 s, confirmations after 3 s. Reconciliation keeps its production schedule
 * and window (tests run it on a window of their own), so it never backfills another test's dropped webhooks.
 */
export const E2E_MONITOR_ENV = {
  MONITOR_SCHEDULE_CHAT_JOURNEY: '*/10 * * * * *',
  MONITOR_SCHEDULE_VENDOR_API: '*/5 * * * * *',
  MONITOR_CONFIRM_INTERVAL_SECONDS: '3',
  MONITOR_UI_TIMEOUT_MS: '8000',
  MONITOR_WEBHOOK_WAIT_MS: '5000',
  MONITOR_EMAIL_WAIT_MS: '8000',
  MONITOR_CHAT_JOURNEY_TIMEOUT_MS: '30000',
  MONITOR_HEARTBEAT_SECONDS: '2',
  MONITOR_LEADER_POLL_SECONDS: '2',
  // The app allows 5 sign-ins a minute per client address; this schedule signs in up to 12 times a minute.
  MONITOR_JOURNEY_FORWARDED_FOR: 'per-run',
} as const;

const SANDBOX_PORT = 4200;
const SANDBOX_URL = `http://127.0.0.1:${SANDBOX_PORT}`;

/**
 * A vendor emulated by the sandbox speaking its wire format (SANDBOX_DIALECT, sandbox/dialects/<vendor>): the product
 * runs with CHAT_VENDOR=<vendor>, the iframe frames the sandbox's own embed in place of the vendor's SDK UI, and the
 * monitor still reads injected faults from the sandbox (its `auto` source means "only when CHAT_VENDOR=sandbox").
 */
const dialectOf = (vendor: string) => ({
  CHAT_VENDOR: vendor,
  SANDBOX_DIALECT: vendor,
  VENDOR_EMBED_URL: `${SANDBOX_URL}/embed`,
  MONITOR_FAULT_SOURCE: 'sandbox',
});

/**
 * Twilio's credentials have fixed shapes both sides check at start-up (an Account SID, a 32-hex Auth Token that
 * signs webhooks, an API key that signs the browser's access tokens): made-up values for the e2e stack only.
 */
const TWILIO_E2E_ACCOUNT = {
  VENDOR_APP_ID: `AC${'e2e0'.repeat(8)}`,
  VENDOR_API_SECRET: 'e2e0'.repeat(8),
  VENDOR_WEBHOOK_SECRET: 'e2e0'.repeat(8),
  TWILIO_API_KEY_SID: `SK${'e2e0'.repeat(8)}`,
  TWILIO_API_KEY_SECRET: `e2e-api-key-secret-${'0'.repeat(16)}`,
};

/**
 * THE list of chat vendors the end-to-end specs run against, each with its stack's settings: one entry per vendor
 * (a new vendor is one line here, then its REST client in playwright/e2e/support/vendors/). Each gets a Playwright
 * project of its own (playwright.config.ts) and a stage in `npm test -- e2e` (scripts/test-run.ts).
 */
export const E2E_VENDOR_STACKS = {
  sandbox: {},
  talkjs: dialectOf('talkjs'),
  stream: dialectOf('stream'),
  sendbird: dialectOf('sendbird'),
  twilio: { ...dialectOf('twilio'), ...TWILIO_E2E_ACCOUNT },
} satisfies Record<string, Record<string, string>>;
export type E2eVendor = keyof typeof E2E_VENDOR_STACKS;
export const E2E_VENDORS = Object.keys(E2E_VENDOR_STACKS) as E2eVendor[];

/**
 * The vendors of this `npm test -- e2e` run: E2E_VENDORS (comma list, or `all`), else every vendor, each on a stack
 * of its own (about 3 minutes each on two cores), because a vendor whose specs are not run in CI is a vendor we no
 * longer know we support. Name a subset for a quicker local run: `E2E_VENDORS=sandbox npm test -- e2e`.
 */
export function e2eVendorsToRun(wanted = process.env.E2E_VENDORS): E2eVendor[] {
  if (!wanted) return [...E2E_VENDORS];
  if (wanted === 'all') return [...E2E_VENDORS];
  const names = wanted.split(',').map((v) => v.trim());
  const unknown = names.filter((v) => !(E2E_VENDORS as string[]).includes(v));
  if (unknown.length > 0)
    throw new Error(`E2E_VENDORS: unknown ${unknown.join(', ')} (known: ${E2E_VENDORS.join(', ')}, all)`);
  return names as E2eVendor[];
}

/**
 * The vendor of this run: E2E_VENDOR picks it (default sandbox). One run is one stack, so one vendor; `npm test -- e2e`
 * runs the suite once per vendor.
 */
export const E2E_VENDOR: E2eVendor = (() => {
  const wanted = process.env.E2E_VENDOR ?? 'sandbox';
  if (!(E2E_VENDORS as string[]).includes(wanted))
    throw new Error(`E2E_VENDOR must be one of ${E2E_VENDORS.join(', ')}, not ${wanted}`);
  return wanted as E2eVendor;
})();

/** Where a vendor's Playwright JSON report goes, under .data/test/ (the sandbox's keeps its historical name). */
export const playwrightReportName = (vendor: E2eVendor): string =>
  vendor === 'sandbox' ? 'playwright.json' : `playwright-${vendor}.json`;

/**
 * The specs that run against every vendor: the chat, fallback-replay, reconciliation-with-drops and monitor chaos
 * journeys. The rest test our own product (access, reports, roles…), which does not change with the vendor, so they
 * run once, on the sandbox.
 */
export const VENDOR_SPECS = [
  'messaging.spec.ts',
  'fallback.spec.ts',
  'monitor-reconciliation.spec.ts',
  'monitor-chaos.spec.ts',
] as const;

/** The stack end-to-end tests run against: its own ports, data and build folder, never the dev ones. */
export const E2E_PROFILE: StackProfile = {
  name: 'e2e',
  dataDir: path.join(root, '.data', 'test', 'e2e'),
  webPort: 3200,
  sandboxPort: SANDBOX_PORT,
  metricsPort: 9564,
  // E2E_PG_PORT: another port for the stack's PostgreSQL when 54349 is taken (as TEST_PG_PORT for the unit stage).
  pgPort: Number(process.env.E2E_PG_PORT ?? 54349),
  database: 'chatwatch_e2e',
  seed: true,
  distDir: '.data/test/next',
  env: {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    LOG_PRETTY: 'false',
    // Compressed schedules so retries and delays fit in a test's time budget.
    SANDBOX_WEBHOOK_SCHEDULE: 'fast',
    CHAT_READY_TIMEOUT_MS: '4000',
    UNREAD_EMAIL_DELAY_SECONDS: '3',
    ...E2E_MONITOR_ENV,
    ...E2E_VENDOR_STACKS[E2E_VENDOR],
  },
};

export const E2E_APP_URL = `http://127.0.0.1:${E2E_PROFILE.webPort}`;
export const E2E_SANDBOX_URL = SANDBOX_URL;
