import { readFile } from 'node:fs/promises';
import { descendantPids } from '../../lib/browser/processes';

/** Chromium processes (browser, zygote, GPU, renderers) among this test process's descendants. */
export async function chromiumPids(): Promise<number[]> {
  const out: number[] = [];
  for (const pid of await descendantPids(process.pid))
    if (/chrom/i.test(await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => ''))) out.push(pid);
  return out;
}
