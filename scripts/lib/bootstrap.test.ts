import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { installCommand } from './bootstrap.mjs';

describe('installCommand', () => {
  const dirs: string[] = [];
  const checkout = (files: string[]) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bootstrap-'));
    dirs.push(dir);
    for (const file of files) writeFileSync(path.join(dir, file), '{}');
    return dir;
  };
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('installs exactly the locked versions with npm ci when the checkout has a lockfile', () => {
    expect(installCommand(checkout(['package.json', 'package-lock.json']))[0]).toBe('ci');
  });

  it('falls back to npm install without one', () => {
    expect(installCommand(checkout(['package.json']))[0]).toBe('install');
  });

  it('this repository has a lockfile, so npm start and npm test use npm ci', () => {
    expect(installCommand(path.resolve(import.meta.dirname, '..', '..'))[0]).toBe('ci');
  });
});
