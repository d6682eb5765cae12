import path from 'node:path';
import type { StackProfile } from './stack';

const root = path.resolve(import.meta.dirname, '..', '..');

/** The stack end-to-end tests run against: its own ports, data and build folder, never the dev ones. */
export const E2E_PROFILE: StackProfile = {
  name: 'e2e',
  dataDir: path.join(root, '.data', 'test', 'e2e'),
  webPort: 3200,
  sandboxPort: 4200,
  metricsPort: 9564,
  pgPort: 54349,
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
  },
};

export const E2E_APP_URL = `http://127.0.0.1:${E2E_PROFILE.webPort}`;
export const E2E_SANDBOX_URL = `http://127.0.0.1:${E2E_PROFILE.sandboxPort}`;
