// Builds the browser file our Stream host page loads (lib/chat-provider/sdk-host/sdk-hosts.ts, `stream.sdkFile`).
// Plain JavaScript like bootstrap.mjs, which calls it once dependencies are installed.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const defaultRoot = path.resolve(import.meta.dirname, '..', '..');

/** Where the bundle is written; sdk-hosts.ts reads the same path (its test fails if the two disagree). */
export const streamSdkBundlePath = (root = defaultRoot) =>
  path.join(root, 'node_modules', '.cache', 'chatwatch', 'stream-chat.browser.js');

/** The bundle's first line: which inputs made it, so a changed input rebuilds it. */
function header(root) {
  // package.json read by path: stream-chat's `exports` does not export it.
  const version = (pkg) =>
    JSON.parse(readFileSync(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  const recipe = createHash('sha256')
    .update(readFileSync(import.meta.filename))
    .digest('hex')
    .slice(0, 12);
  return `/* stream-chat ${version('stream-chat')} for the browser; esbuild ${version('esbuild')}; recipe ${recipe} */`;
}

/**
 * `stream-chat` ships no self-contained browser file: its browser entry (package.json `exports["."].browser.require`
 * = dist/cjs/index.browser.js) is CommonJS that requires axios, base64-js, form-data, isomorphic-ws and linkifyjs.
 * esbuild bundles that entry and those packages (their own `browser` fields: axios's XHR/fetch adapter, the
 * browser's FormData and WebSocket) into one IIFE that sets `window.StreamChatSDK` = the package's exports. The SDK
 * loads no other file at run time (no dynamic import, worker or wasm in that entry), so this one file is all the
 * host page needs. Built at most once per input change (the header line); the write is atomic (temp file + rename).
 * Returns the bundle's path. Throws when esbuild fails.
 */
export function ensureStreamSdkBundle(root = defaultRoot) {
  const out = streamSdkBundlePath(root);
  const first = header(root);
  if (existsSync(out) && readFileSync(out, 'utf8').startsWith(`${first}\n`)) return out;
  const esbuild = createRequire(path.join(root, 'package.json'))('esbuild');
  const result = esbuild.buildSync({
    stdin: { contents: "module.exports = require('stream-chat');", resolveDir: root, loader: 'js' },
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'StreamChatSDK',
    target: 'es2020',
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    logLevel: 'silent',
  });
  mkdirSync(path.dirname(out), { recursive: true });
  const temp = `${out}.${process.pid}.tmp`;
  writeFileSync(temp, `${first}\n${result.outputFiles[0].text}`);
  renameSync(temp, out);
  return out;
}
