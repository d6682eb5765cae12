import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureStreamSdkBundle } from './stream-sdk-bundle.mjs';

const INPUTS = [
  'app',
  'lib',
  'public',
  'next.config.ts',
  'postcss.config.mjs',
  'package-lock.json',
  'tsconfig.json',
  'proxy.ts',
  'instrumentation.ts',
];

function* walk(entry: string): Generator<string> {
  if (!existsSync(entry)) return;
  if (statSync(entry).isFile()) {
    yield entry;
    return;
  }
  for (const name of readdirSync(entry).sort()) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    if (/\.test\.tsx?$/.test(name)) continue;
    yield* walk(path.join(entry, name));
  }
}

function sourceHash(root: string): string {
  const hash = createHash('sha256');
  for (const input of INPUTS)
    for (const file of walk(path.join(root, input))) hash.update(file).update(readFileSync(file));
  return hash.digest('hex');
}

/** Runs `next build` unless the last build was made from the same sources. */
export function ensureNextBuild(
  root: string,
  distDir: string,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): void {
  // The Stream host page's SDK file is served from node_modules/.cache, not from the build: stacks started without
  // bootstrap (the benches) still need it.
  ensureStreamSdkBundle(root);
  const wanted = sourceHash(root);
  const stamp = path.join(root, distDir, '.chatwatch-build-hash');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted && existsSync(path.join(root, distDir, 'BUILD_ID')))
    return;
  log('Building the web app (next build; about a minute on 2 cores)…');
  const started = Date.now();
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], {
    cwd: root,
    env: { ...env, NEXT_DIST_DIR: distDir },
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status ?? result.signal})`);
  writeFileSync(stamp, wanted);
  log(`Web app built in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}
