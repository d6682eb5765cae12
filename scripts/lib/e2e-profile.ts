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

/** The stack end-to-end tests run against: its own ports, data and build folder, never the dev ones. */
export const E2E_PROFILE: StackProfile = {
  name: 'e2e',
  dataDir: path.join(root, '.data', 'test', 'e2e'),
  webPort: 3200,
  sandboxPort: 4200,
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
  },
};

export const E2E_APP_URL = `http://127.0.0.1:${E2E_PROFILE.webPort}`;
export const E2E_SANDBOX_URL = `http://127.0.0.1:${E2E_PROFILE.sandboxPort}`;
