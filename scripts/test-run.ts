// Every test stage in order; ends with the plain line "N passed, N failed, N skipped".
import path from 'node:path';
import { startEmbeddedPostgres } from './lib/postgres';
import { reportedStage, singleCheckStage, type StageResult } from './lib/test-stages';
import { findChromium, CHROMIUM_MISSING_HELP } from '../lib/browser/chromium';
import { promtoolStage } from './lib/promtool-stage';
import { playwrightCounts, vitestCounts } from './lib/test-reports';
import { e2eVendorsToRun, playwrightReportName } from './lib/e2e-profile';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
const only = new Set(process.argv.slice(2));
const wanted = (stage: string) => only.size === 0 || only.has(stage);

const results: StageResult[] = [];
const banner = (title: string) => console.log(`\n\x1b[1m━━ ${title} ━━\x1b[0m`);

if (wanted('typecheck')) {
  banner('Typecheck (tsc --noEmit)');
  results.push(await singleCheckStage('typecheck', bin('tsc'), ['--noEmit', '-p', '.']));
}
if (wanted('lint')) {
  banner('Lint (eslint)');
  results.push(await singleCheckStage('lint', bin('eslint'), ['.', '--max-warnings=0']));
  banner('Architecture rules (dependency-cruiser, .dependency-cruiser.cjs)');
  results.push(
    await singleCheckStage('architecture', bin('depcruise'), [
      '--config',
      '.dependency-cruiser.cjs',
      '--output-type',
      'err-long',
      '.',
    ]),
  );
  banner('Formatting (prettier --check, .prettierrc.json)');
  results.push(await singleCheckStage('format', bin('prettier'), ['--check', '--log-level', 'warn', '.']));
}
if (wanted('promtool')) {
  banner('Prometheus rules and Alertmanager config (promtool, amtool)');
  results.push(await promtoolStage(root));
}
if (wanted('unit')) {
  banner('Unit and integration tests (vitest, real PostgreSQL)');
  // A test-only cluster: its own port and data folder, never the dev database. TEST_PG_PORT lets two
  // checkouts on one machine run their unit stages side by side.
  const port = Number(process.env.TEST_PG_PORT ?? 54339);
  const postgres = await startEmbeddedPostgres({
    dataDir: path.join(root, '.data', 'test', 'pg'),
    port,
    password: 'test',
  });
  try {
    const report = path.join(root, '.data', 'test', 'vitest.json');
    results.push(
      await reportedStage(
        'vitest',
        bin('vitest'),
        ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
        report,
        (r) => vitestCounts(r, root),
        {
          ...process.env,
          TEST_PG_ADMIN_URL: postgres.adminUrl,
        },
      ),
    );
  } finally {
    await postgres.stop();
  }
}
if (wanted('e2e')) {
  banner('End-to-end tests (Playwright, real browser, whole stack)');
  if (!findChromium(process.env.CHROMIUM_PATH)) {
    console.error(CHROMIUM_MISSING_HELP);
    results.push({ name: 'playwright', passed: 0, failed: 1, skipped: 0, seconds: 0, note: 'no Chromium' });
  } else {
    // One stack per vendor (playwright.config.ts): the whole suite against the sandbox vendor, then the vendor-
    // parameterised specs against each vendor's dialect of the sandbox (E2E_VENDORS picks which; see e2e-profile.ts).
    for (const vendor of e2eVendorsToRun()) {
      const report = path.join(root, '.data', 'test', playwrightReportName(vendor));
      const env = { ...process.env, E2E_VENDOR: vendor };
      results.push(
        await reportedStage(`playwright (${vendor})`, bin('playwright'), ['test'], report, playwrightCounts, env),
      );
    }
  }
}

// Only when asked (`npm test -- chaos`): the short form of `npm run chaos` on a stack of its own (ports
// 3300/4300/9664/54359; it refuses to start if they are taken). Not a default stage until it passes reliably: its
// last run still had requests over 5 s and an email missing after the worker SIGKILL, and its own `next build`
// alone can take far longer than a stage should on a shared machine (docs/resilience.md › npm run chaos).
// Bounded by CHAOS_STAGE_TIMEOUT_MINUTES (default 15); on SIGTERM it stops every process it started.
if (only.has('chaos')) {
  banner('Chaos, short form (npm run chaos -- --short: a stack of its own on ports of its own, docs/resilience.md)');
  results.push(
    await singleCheckStage(
      'chaos',
      process.execPath,
      ['--import', 'tsx', path.join(root, 'bench', 'chaos.ts'), '--short'],
      process.env,
      Number(process.env.CHAOS_STAGE_TIMEOUT_MINUTES ?? 15) * 60_000,
    ),
  );
}

banner('Summary');
for (const r of results) {
  console.log(
    `  ${r.name.padEnd(12)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed ${String(r.skipped).padStart(3)} skipped  ${r.seconds.toFixed(0).padStart(4)} s${r.note ? `  (${r.note})` : ''}`,
  );
}
const failures = results.flatMap((r) => (r.failures ?? []).map((failure) => `  ✗ ${r.name}: ${failure}`));
if (failures.length > 0) console.log(`\nFailed:\n${failures.join('\n')}`);
const total = results.reduce(
  (acc, r) => ({ passed: acc.passed + r.passed, failed: acc.failed + r.failed, skipped: acc.skipped + r.skipped }),
  { passed: 0, failed: 0, skipped: 0 },
);
console.log(`\n${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(total.failed === 0 && total.passed > 0 ? 0 : 1);
