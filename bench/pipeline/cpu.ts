import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// Where the CPU goes during a run: user + system time of each process of the stack, read from /proc/<pid>/stat
// (fields 14 and 15, in clock ticks; proc(5)). PostgreSQL is the postmaster and every backend it forked.

const TICKS_PER_SECOND = 100;

function stat(pid: number): { ppid: number; ticks: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

/** CPU seconds used so far by each named process, and by PostgreSQL (postmaster + its live children). */
export function cpuSnapshot(pids: Record<string, number | undefined>, pgDataDir: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, pid] of Object.entries(pids)) if (pid) out[name] = (stat(pid)?.ticks ?? 0) / TICKS_PER_SECOND;
  try {
    const postmaster = Number(readFileSync(path.join(pgDataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    let ticks = stat(postmaster)?.ticks ?? 0;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const s = stat(Number(entry));
      if (s && s.ppid === postmaster) ticks += s.ticks;
    }
    out.postgres = ticks / TICKS_PER_SECOND;
  } catch {
    // No postmaster.pid: an external database; not measured.
  }
  return out;
}

/** CPU seconds per process between two snapshots (backends that exited meanwhile are not counted: a lower bound). */
export function cpuBetween(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([name, s]) => [name, s - (before[name] ?? 0)]));
}
