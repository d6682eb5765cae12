import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['{lib,app,monitor,worker,sandbox,scripts,bench,prisma}/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    exclude: ['node_modules', '.next', '.data', 'playwright'],
    globalSetup: ['test/support/global-setup.ts'],
    // Each file gets its own database, so files run in parallel; two workers match the two cores.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Load shedding off: on a busy shared machine a test process's own event loop lags past the production bound,
    // and its routes would answer 503 for the machine's load, not for what the test checks. The guard is tested
    // with its own sampler and thresholds (lib/http/pressure.test.ts).
    env: { PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0' },
  },
});
