import { loadCliConfig } from '../config';
import { FAULT_MODES, FAULT_MODE_NAMES, type FaultMode } from '../faults/modes';

// tsx sandbox/cli/fault.ts <mode> [--duration 60s] [--probability 0.3] [--delay 5s] | list | clear [id]
// Talks HTTP to SANDBOX_PUBLIC_URL, like any other client of the sandbox.

const usage = `Usage:
  fault <mode> [--duration 60s] [--probability 0.3] [--delay 5s]
  fault list
  fault clear [faultId]

Durations: 500ms, 30s, 5m, 1h, or a number of milliseconds.
Modes:
${FAULT_MODE_NAMES.map((m) => `  ${m.padEnd(20)} ${FAULT_MODES[m].description}`).join('\n')}`;

/** "60s" → 60000. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new Error(`not a duration: ${text} (try 500ms, 30s, 5m, 1h)`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? 'ms') as 'ms' | 's' | 'm' | 'h'];
  return Math.round(Number(match[1]) * unit);
}

export function parseStartArgs(args: string[]): {
  mode: FaultMode;
  durationMs?: number;
  probability?: number;
  delayMs?: number;
} {
  const [mode, ...rest] = args;
  if (!FAULT_MODE_NAMES.includes(mode as FaultMode)) throw new Error(`unknown mode: ${mode ?? '(none)'}`);
  const input: ReturnType<typeof parseStartArgs> = { mode: mode as FaultMode };
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, value] = [rest[i], rest[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--duration') input.durationMs = parseDuration(value);
    else if (flag === '--delay') input.delayMs = parseDuration(value);
    else if (flag === '--probability') {
      const p = Number(value);
      if (!(p >= 0 && p <= 1)) throw new Error('--probability must be between 0 and 1');
      input.probability = p;
    } else throw new Error(`unknown option: ${flag}`);
  }
  return input;
}

async function call(base: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(new URL(path, base), {
    method,
    headers: { accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : null,
  }).catch((error: unknown) => {
    throw new Error(
      `cannot reach the sandbox at ${base} (SANDBOX_PUBLIC_URL): ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as unknown;
}

async function main(argv: string[]): Promise<void> {
  const { SANDBOX_PUBLIC_URL: base } = loadCliConfig();
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') {
    console.log(usage);
    return;
  }
  if (command === 'list') {
    const { active, history } = (await call(base, 'GET', '/admin/faults')) as { active: unknown[]; history: unknown[] };
    console.log(JSON.stringify({ active, history: history.slice(0, 20) }, null, 2));
  } else if (command === 'clear') {
    const result = await call(
      base,
      'DELETE',
      rest[0] ? `/admin/faults/${encodeURIComponent(rest[0])}` : '/admin/faults',
    );
    console.log(JSON.stringify(result));
  } else {
    const result = await call(base, 'POST', '/admin/faults', parseStartArgs([command, ...rest]));
    console.log(JSON.stringify(result, null, 2));
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('cli/fault.ts')) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    console.error(`\n${usage}`);
    process.exit(1);
  });
}
