import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

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
const MAX_RESTARTS = 5;

function prefixLines(stream: NodeJS.ReadableStream | null, prefix: string, out: NodeJS.WritableStream) {
  if (!stream) return;
  createInterface({ input: stream }).on('line', (line) => out.write(`${prefix} ${line}\n`));
}

/**
 * Starts processes, prefixes their output, restarts one that dies (up to MAX_RESTARTS times),
 * and stops them all — each in its own process group, so no grandchild is orphaned.
 */
export class Supervisor {
  private readonly children = new Map<string, ChildProcess>();
  private readonly restarts = new Map<string, number>();
  private stopping = false;
  private readonly width: number;

  constructor(
    private readonly specs: ProcessSpec[],
    private readonly onFatal: (reason: string) => void,
    private readonly color = process.stdout.isTTY,
  ) {
    this.width = Math.max(...specs.map((s) => s.name.length));
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
    child.on('exit', (code, signal) => {
      this.children.delete(spec.name);
      if (this.stopping) return;
      const count = (this.restarts.get(spec.name) ?? 0) + 1;
      this.restarts.set(spec.name, count);
      if (count > MAX_RESTARTS) {
        this.onFatal(`${spec.name} exited ${MAX_RESTARTS} times (last: ${code ?? signal}); giving up`);
        return;
      }
      process.stderr.write(`${prefix} exited (${code ?? signal}); restarting in ${count} s (${count}/${MAX_RESTARTS})\n`);
      setTimeout(() => !this.stopping && this.launch(spec, index), count * 1000).unref();
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
          if (Date.now() > deadline) throw new Error(`${spec.name} did not answer at ${spec.readyUrl} within ${timeoutMs / 1000} s`);
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
