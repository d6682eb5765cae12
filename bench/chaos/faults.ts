import { execFileSync } from 'node:child_process';
import type { RunningStack } from '../../scripts/lib/stack';

// The faults an operator inflicts on a stack of its own: PostgreSQL frozen, stopped, a backend killed, the
// worker killed. Each returns once the fault is over (the database answering again is the stack's business).

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The postmaster and every backend it runs (children found through ps, as an operator would). */
function postgresProcesses(stack: RunningStack): number[] {
  const postmaster = stack.postgres?.pid();
  if (!postmaster) throw new Error('no embedded PostgreSQL to inflict faults on (chaos needs its own stack)');
  const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(postmaster)], { encoding: 'utf8' })
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((pid) => pid > 0);
  return [postmaster, ...children];
}

/** SIGSTOP of the postmaster and its children for `ms`, then SIGCONT: connections stay open, nothing answers. */
export async function freezePostgres(stack: RunningStack, ms: number): Promise<void> {
  const pids = postgresProcesses(stack);
  for (const pid of pids) process.kill(pid, 'SIGSTOP');
  try {
    await sleep(ms);
  } finally {
    for (const pid of pids.reverse()) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // gone meanwhile
      }
    }
  }
}

/** A clean fast shutdown (what `pg_ctl stop -m fast` does: SIGINT to the postmaster), `ms` down, then a start. */
export async function stopPostgres(stack: RunningStack, ms: number): Promise<void> {
  await stack.postgres!.stop();
  await sleep(ms);
  await stack.postgres!.start();
}

/** kill -9 of one client backend: PostgreSQL then ends every backend and recovers (a crash restart). */
export async function killOneBackend(stack: RunningStack): Promise<void> {
  const [, ...children] = postgresProcesses(stack);
  const backends = children.filter((pid) => {
    try {
      return /postgres: \S+ \S+ 127\.0\.0\.1/.test(
        execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }),
      );
    } catch {
      return false;
    }
  });
  const victim = backends[Math.floor(backends.length / 2)];
  if (!victim) throw new Error('no client backend to kill');
  process.kill(victim, 'SIGKILL');
}

/** SIGKILL of the worker process (the supervisor restarts it). */
export function killWorker(stack: RunningStack): void {
  const pid = stack.pid('worker');
  if (!pid) throw new Error('the worker is not running');
  process.kill(pid, 'SIGKILL');
}
