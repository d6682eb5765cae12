// Runs before dependencies exist, so it uses Node built-ins only.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ensureStreamSdkBundle } from './stream-sdk-bundle.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');

// Names are hashed relative to the checkout: a copy of the same tree elsewhere (another clone or worktree with the
// same node_modules) must not look stale and reinstall underneath a running build.
function hashFiles(files) {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(path.relative(root, file)).update(existsSync(file) ? readFileSync(file) : '');
  }
  return hash.digest('hex');
}

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`\n✖ ${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal}).`);
    process.exit(1);
  }
}

/**
 * The install command for this checkout: `npm ci` when a lockfile exists (exactly the tested versions, and it fails
 * rather than rewrite a lockfile that disagrees with package.json), `npm install` otherwise.
 */
export function installCommand(dir = root) {
  return existsSync(path.join(dir, 'package-lock.json'))
    ? ['ci', '--no-audit', '--no-fund']
    : ['install', '--no-audit', '--no-fund'];
}

/** Installs dependencies when node_modules is missing or older than package.json / package-lock.json. */
export function ensureDependencies() {
  const stamp = path.join(root, 'node_modules', '.chatwatch-install');
  const wanted = hashFiles([path.join(root, 'package.json'), path.join(root, 'package-lock.json')]);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return;
  const args = installCommand();
  console.log(`▶ Installing dependencies (npm ${args[0]})…`);
  run('npm', args);
  writeFileSync(stamp, wanted);
}

/** Generates the Prisma client when the schema changed. Offline: the variable only stops Prisma's engine download check. */
export function ensurePrismaClient() {
  const schemaDir = path.join(root, 'prisma', 'schema');
  const files = readdirSync(schemaDir)
    .filter((f) => f.endsWith('.prisma'))
    .sort()
    .map((f) => path.join(schemaDir, f));
  const stamp = path.join(root, 'lib', 'db', 'generated', '.schema-hash');
  const wanted = hashFiles(files);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return;
  console.log('▶ Generating the Prisma client…');
  run(path.join(root, 'node_modules', '.bin', 'prisma'), ['generate'], {
    PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  });
  writeFileSync(stamp, wanted);
}

/** Runs a TypeScript entry point with tsx, forwarding signals, and exits with its code. */
export function runTypeScript(entry, args = []) {
  return import('node:child_process').then(({ spawn }) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, entry), ...args], {
      cwd: root,
      stdio: 'inherit',
      env: process.env,
    });
    // Ctrl-C reaches the whole process group; SIGTERM from a supervisor reaches only us, so pass it on.
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
    // npm does not pass SIGTERM on to its script: when npm dies we are re-parented, so stop the child then.
    const parent = process.ppid;
    setInterval(() => process.ppid !== parent && child.kill('SIGTERM'), 500).unref();
    child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  });
}

export function bootstrap() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    console.error(`ChatWatch needs Node.js 20.19 or newer; this is ${process.version}.`);
    process.exit(1);
  }
  process.env.NEXT_TELEMETRY_DISABLED = '1';
  ensureDependencies();
  ensurePrismaClient();
  // Here rather than at request time: the web server then needs no bundler, and `npm start`, `npm test` and every
  // stack's build (scripts/lib/next-build.ts) pass through it; a rebuild happens only when stream-chat changes.
  ensureStreamSdkBundle();
}
