import { afterAll } from 'vitest';

// Vitest ignores an `afterAll` registered while a hook runs (inside `beforeAll`), so helpers called from
// `beforeAll` that registered their own cleanup that way never stopped what they started: child processes
// (the sandbox) outlived the test run. This module's one `afterAll` is registered when a test file imports it
// (collection time; each file evaluates its own copy), and runs every cleanup added since, newest first.
const cleanups: Array<() => unknown> = [];

afterAll(async () => {
  for (let cleanup = cleanups.pop(); cleanup; cleanup = cleanups.pop()) await cleanup();
});

/**
 * Runs `fn` when the calling test file ends, whether it was added at the top level, in `beforeAll` or in a
 * test. Cleanups run newest first (a process is stopped before the database it used is dropped).
 */
export function onFileEnd(fn: () => unknown): void {
  cleanups.push(fn);
}
