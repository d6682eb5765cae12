// `npm start` on a fresh machine: make sure a Chromium exists for the monitor's browser journeys and the PDF
// exports. Node built-ins only (runs before dependencies exist). Mirrors .ci/run: root with apt installs
// Debian's `chromium`; anyone else is told exactly what to run. Never fatal: without a browser the monitor
// runs its other checks and /status says "browser journeys not running".
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** The candidates lib/browser/chromium.ts also tries (CHROMIUM_PATH first, then Debian's paths). */
export function systemChromium(env = process.env, exists = existsSync) {
  if (env.CHROMIUM_PATH) return exists(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : null;
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => exists(p)) ?? null;
}

const hasApt = () => spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;

/** What to tell a person who must install it themselves. */
export const INSTALL_HELP =
  'Chromium is missing: the monitor\'s browser journeys will not run (the other checks will, and /status shows "browser journeys not running").\n' +
  '  Fix: sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium\n' +
  '  or set CHROMIUM_PATH to a Chrome/Chromium binary, then restart `npm start` (the monitor also finds it on its next run).';

/** Installs Debian's chromium when missing, if running as root with apt-get; otherwise prints INSTALL_HELP. Returns the path or null. */
export function ensureChromium({
  env = process.env,
  run = spawnSync,
  isRoot = process.getuid?.() === 0,
  apt = hasApt,
  exists = existsSync,
} = {}) {
  const found = systemChromium(env, exists);
  if (found) return found;
  if (env.CHROMIUM_PATH) {
    console.warn(`⚠ CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist.\n${INSTALL_HELP}`);
    return null;
  }
  if (!isRoot || !apt()) {
    console.warn(`⚠ ${INSTALL_HELP}`);
    return null;
  }
  console.log('▶ Installing Chromium (apt-get install chromium)…');
  const opts = { stdio: 'inherit', env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } };
  const ok =
    run('apt-get', ['update', '-qq'], opts).status === 0 &&
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], opts).status === 0;
  const after = systemChromium(env, exists);
  if (!ok || !after) console.warn(`⚠ apt-get could not install chromium.\n${INSTALL_HELP}`);
  return after;
}
