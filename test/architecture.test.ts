import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The architecture rules (.dependency-cruiser.cjs) on a small tree that breaks each of them once
// (test/fixtures/architecture), so a rule that stops firing fails here rather than passing silently.
const root = path.resolve(import.meta.dirname, '..');
const fixture = path.join(root, 'test', 'fixtures', 'architecture');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

describe('architecture rules', () => {
  it('fail on an import circle of types, runtime code importing tooling, the database in a client component, and the sandbox importing the product', () => {
    const run = spawnSync(
      path.join(root, 'node_modules', '.bin', 'depcruise'),
      ['--config', path.join(root, '.dependency-cruiser.cjs'), '--output-type', 'json', '.'],
      { cwd: fixture, encoding: 'utf8' },
    );
    const { summary } = JSON.parse(run.stdout) as { summary: { violations: Violation[]; error: number } };
    const violations = summary.violations;
    // Every one is an error, so the lint stage (err-long output, exit code = number of errors) fails on it.
    expect(summary.error).toBe(violations.length);
    expect(violations.map((v) => [v.rule.name, v.from, v.to]).sort()).toEqual(
      [
        ['app-data-only-through-lib', 'app/form.tsx', 'lib/db/client.ts'],
        ['no-circular', 'lib/a.ts', 'lib/b.ts'],
        ['no-server-code-in-browser', 'app/form.tsx', 'lib/db/client.ts'],
        ['runtime-not-to-tooling', 'lib/pdf.ts', 'scripts/profile.ts'],
        ['sandbox-shares-nothing', 'sandbox/server.ts', 'lib/pdf.ts'],
      ].sort(),
    );
  }, 120_000);
});
