import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

export interface StageResult {
  name: string;
  passed: number;
  failed: number;
  skipped: number;
  seconds: number;
  note?: string;
  /** "test name: first line of the error", so the summary at the end of a long CI log names what failed. */
  failures?: string[];
}

export interface ReportCounts {
  passed: number;
  failed: number;
  skipped: number;
  failures: string[];
}

/** Runs a command with inherited output; resolves with its exit code. */
export function runCommand(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 20 * 60_000,
): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
    const timer = setTimeout(() => {
      process.stderr.write(`\n✖ ${command} ${args.join(' ')} exceeded ${timeoutMs / 60_000} min; killing it\n`);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

/** A stage that is one check (typecheck, lint): one pass or one failure. */
export async function singleCheckStage(
  name: string,
  command: string,
  args: string[],
  env?: NodeJS.ProcessEnv,
  timeoutMs?: number,
): Promise<StageResult> {
  const started = Date.now();
  const code = await runCommand(command, args, env, timeoutMs);
  return {
    name,
    passed: code === 0 ? 1 : 0,
    failed: code === 0 ? 0 : 1,
    skipped: 0,
    seconds: (Date.now() - started) / 1000,
  };
}

/**
 * A stage whose runner writes a JSON report; counts come from the report. A runner that exits non-zero
 * without reporting a failed test (a crash, a failing global setup) still counts as one failure.
 */
export async function reportedStage(
  name: string,
  command: string,
  args: string[],
  reportFile: string,
  count: (report: unknown) => ReportCounts,
  env?: NodeJS.ProcessEnv,
  timeoutMs?: number,
): Promise<StageResult> {
  const started = Date.now();
  rmSync(reportFile, { force: true });
  const code = await runCommand(command, args, env, timeoutMs);
  const seconds = (Date.now() - started) / 1000;
  if (!existsSync(reportFile))
    return { name, passed: 0, failed: 1, skipped: 0, seconds, note: `no report (exit ${code})` };
  const counts = count(JSON.parse(readFileSync(reportFile, 'utf8')));
  if (code !== 0 && counts.failed === 0)
    return { name, ...counts, failed: 1, seconds, note: `exit ${code} with no failed test` };
  return { name, ...counts, seconds };
}
