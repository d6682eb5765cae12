import { parseArgs } from 'node:util';
import type { ManualRun } from './scheduler/runner';

export type Command =
  | { kind: 'serve' }
  | { kind: 'once'; check: string; since?: Date; until?: Date; json: boolean }
  | { kind: 'maintenance'; component: string | null; minutes: number; reason: string; startsAt: Date }
  | { kind: 'help' };

export const USAGE = `Usage:
  npm run monitor                                   run the monitor (what npm start does)
  npm run monitor -- --once <check> [--json]        run one check once and print the result
        checks: chat-journey, vendor-api, reconciliation
        reconciliation only: --since <ISO time> --until <ISO time> (default: the configured window)
  npm run monitor -- --maintenance <component|all> --minutes <n> --reason <text> [--from <ISO time>]
        components: chat_ui, webhooks, email, vendor_api, monitor`;

const isoDate = (value: string | undefined, name: string): Date | undefined => {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new Error(`--${name}: "${value}" is not a date (use ISO 8601, e.g. 2025-03-04T09:00:00Z)`);
  return date;
};

/** Parses the command line; throws with a message for the user on bad input. */
export function parseCommand(argv: string[]): Command {
  const { values } = parseArgs({
    args: argv,
    options: {
      once: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      json: { type: 'boolean', default: false },
      maintenance: { type: 'string' },
      minutes: { type: 'string' },
      reason: { type: 'string' },
      from: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return { kind: 'help' };
  if (values.once !== undefined) {
    const since = isoDate(values.since, 'since');
    const until = isoDate(values.until, 'until');
    if ((since === undefined) !== (until === undefined)) throw new Error('--since and --until go together');
    if (since && until && since >= until) throw new Error('--since must be before --until');
    return { kind: 'once', check: values.once, since, until, json: values.json ?? false };
  }
  if (values.maintenance !== undefined) {
    const minutes = Number(values.minutes);
    if (!Number.isInteger(minutes) || minutes < 1) throw new Error('--minutes must be a whole number of minutes ≥ 1');
    if (!values.reason?.trim()) throw new Error('--reason is required');
    return {
      kind: 'maintenance',
      component: values.maintenance === 'all' ? null : values.maintenance,
      minutes,
      reason: values.reason,
      startsAt: isoDate(values.from, 'from') ?? new Date(),
    };
  }
  return { kind: 'serve' };
}

/** A human-readable report of one run. */
export function formatRun(check: string, run: ManualRun): string {
  const lines = [
    `${check}: ${run.status === 'PASSED' ? 'PASSED' : 'FAILED'} in ${run.durationMs} ms (run ${run.runId})`,
  ];
  for (const step of run.steps)
    lines.push(
      `  ${step.status === 'PASSED' ? '✓' : '✗'} ${step.name.padEnd(22)} ${String(step.durationMs).padStart(6)} ms  [${step.component}]${step.error ? `  ${step.error}` : ''}`,
    );
  if (run.error) lines.push(`  error: ${run.error}${run.failedComponent ? ` (blamed on ${run.failedComponent})` : ''}`);
  if (Object.keys(run.details).length > 0) lines.push(`  details: ${JSON.stringify(run.details)}`);
  for (const file of run.evidence) lines.push(`  evidence: ${file.kind.toLowerCase()} ${file.path}`);
  if (run.consoleErrors.length > 0)
    lines.push(`  console errors: ${run.consoleErrors.length} (first: ${run.consoleErrors[0]!.text})`);
  if (run.failedRequests.length > 0)
    lines.push(
      `  failed requests: ${run.failedRequests
        .map((r) => `${r.method} ${r.url} → ${r.status ?? r.failure}`)
        .slice(0, 5)
        .join('; ')}`,
    );
  return lines.join('\n');
}
