import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { DEFAULT_RESTART_POLICY, nextRestart, type RestartPolicy } from './restart-policy';

/** One long-running process of the stack, declared as data. */
export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** A URL that answers (any HTTP status) once the process is ready. */
  readyUrl?: string;
}

const COLORS = ['\x1b[36m', '\x1b[35m', '\x1b[33m', '\x1b[32m', '\x1b[34m', '\x1b[31m'];
const RESET = '\x1b[0m';

export interface SupervisorOptions {
  color?: boolean;
  policy?: RestartPolicy;
  /** Called after each exit with the restart decided (tests and the chaos bench count restarts here). */
  onRestart?: (event: {
    name: string;
    code: number | null;
    signal: NodeJS.Signals | null;
    delayMs: number;
    inWindow: number;
    overBudget: boolean;
  }) => void;
}

function prefixLines(stream: NodeJS.ReadableStream | null, prefix: string, out: NodeJS.WritableStream) {
  if (!stream) return;
  createInterface({ input: stream }).on('line', (line) => out.write(`${prefix} ${line}\n`));
}

/**
 * Starts processes, prefixes their output, restarts one that dies with exponential back-off under a restart
 * budget per time window (./restart-policy.ts) — never giving up, and never stopping the others because one
 * keeps failing — and stops them all, each in its own process group, so no grandchild is orphaned.
 */
export class Supervisor {
  private readonly children = new Map<string, ChildProcess>();
  private readonly history = new Map<string, number[]>();
  private readonly totals = new Map<string, number>();
  private stopping = false;
  private readonly width: number;
  private readonly color: boolean;
  private readonly policy: RestartPolicy;

  constructor(
    private readonly specs: ProcessSpec[],
    private readonly options: SupervisorOptions = {},
  ) {
    this.width = Math.max(...specs.map((s) => s.name.length));
    this.color = options.color ?? Boolean(process.stdout.isTTY);
    this.policy = options.policy ?? DEFAULT_RESTART_POLICY;
  }

  /** Restarts so far, per process name. */
  restarts(): Record<string, number> {
    return Object.fromEntries(this.specs.map((s) => [s.name, this.totals.get(s.name) ?? 0]));
  }

  /** The pid of a running process, or undefined while it is down. */
  pid(name: string): number | undefined {
    return this.children.get(name)?.pid;
  }

  start(): void {
    this.specs.forEach((spec, index) => this.launch(spec, index));
  }

  private launch(spec: ProcessSpec, index: number): void {
    const label = spec.name.padEnd(this.width);
    const prefix = this.color ? `${COLORS[index % COLORS.length]}${label} |${RESET}` : `${label} |`;
    const child = spawn(spec.command, spec.args, { env: spec.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.children.set(spec.name, child);
    prefixLines(child.stdout, prefix, process.stdout);
    prefixLines(child.stderr, prefix, process.stderr);
    // A command that cannot be spawned (ENOENT) emits 'error' and then 'exit': the exit handler restarts it.
    child.on('error', (error) => process.stderr.write(`${prefix} could not start: ${error.message}\n`));
    child.on('exit', (code, signal) => {
      if (this.children.get(spec.name) === child) this.children.delete(spec.name);
      if (this.stopping) return;
      let history = this.history.get(spec.name);
      if (!history) this.history.set(spec.name, (history = []));
      const decision = nextRestart(history, Date.now(), this.policy);
      this.totals.set(spec.name, (this.totals.get(spec.name) ?? 0) + 1);
      const seconds = (decision.delayMs / 1000).toFixed(1);
      const windowS = Math.round(this.policy.windowMs / 1000);
      process.stderr.write(
        decision.overBudget
          ? `${prefix} exited (${code ?? signal}); ${decision.inWindow} restarts in ${windowS} s, over the budget of ${this.policy.budget}: backing off, next try in ${seconds} s\n`
          : `${prefix} exited (${code ?? signal}); restarting in ${seconds} s (${decision.inWindow}/${this.policy.budget} in ${windowS} s)\n`,
      );
      this.options.onRestart?.({ name: spec.name, code, signal, ...decision });
      setTimeout(() => !this.stopping && this.launch(spec, index), decision.delayMs).unref();
    });
  }

  /** Waits until every spec with a readyUrl answers, or throws after `timeoutMs`. */
  async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (const spec of this.specs) {
      if (!spec.readyUrl) continue;
      for (;;) {
        try {
          await fetch(spec.readyUrl, { signal: AbortSignal.timeout(2000) });
          break;
        } catch {
          if (Date.now() > deadline)
            throw new Error(`${spec.name} did not answer at ${spec.readyUrl} within ${timeoutMs / 1000} s`);
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    }
  }

  /** SIGTERM to each process group, SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    const exits = [...this.children.values()].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          const kill = (signal: NodeJS.Signals) => {
            try {
              process.kill(-child.pid!, signal);
            } catch {
              // already gone
            }
          };
          kill('SIGTERM');
          setTimeout(() => kill('SIGKILL'), graceMs).unref();
        }),
    );
    await Promise.all(exits);
  }
}
