import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

// test/support/cleanup.ts: what a helper starts from beforeAll is stopped when the file ends. Vitest ignores an
// afterAll registered inside beforeAll, which left sandbox processes running after every test run.
const root = path.resolve(import.meta.dirname, '..');

it('runs cleanups added at the top level, in beforeAll and in a test, newest first', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cleanup-'));
  const marker = path.join(dir, 'ran.txt');
  try {
    await promisify(execFile)(
      process.execPath,
      [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'test/fixtures/cleanup/vitest.config.ts'],
      { cwd: root, env: { ...process.env, CLEANUP_MARKER: marker }, timeout: 120_000 },
    );
    expect(readFileSync(marker, 'utf8').split('\n').filter(Boolean)).toEqual(['test', 'beforeAll', 'top-level']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 150_000);
