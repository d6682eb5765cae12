import { readFile } from 'node:fs/promises';
import { descendantPids } from '../../lib/browser/processes';

/** Chromium processes (browser, zygote, GPU, renderers) among this test process's descendants. */
export async function chromiumPids(): Promise<number[]> {
  const out: number[] = [];
  for (const pid of await descendantPids(process.pid))
    if (/chrom/i.test(await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => ''))) out.push(pid);
  return out;
}

const wedged: number[] = [];

/**
 * Wedges every Chromium process of this test process (SIGSTOP), as a starved or hung browser looks to us, and
 * returns their pids. `releaseWedged()` (call it in afterEach) SIGKILLs any that the code under test left behind.
 */
export async function wedgeChromium(): Promise<number[]> {
  const pids = await chromiumPids();
  for (const pid of pids) process.kill(pid, 'SIGSTOP');
  wedged.push(...pids);
  return pids;
}

export function releaseWedged(): void {
  for (const pid of wedged.splice(0))
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
}
