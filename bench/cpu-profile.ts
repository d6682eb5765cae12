// Reads a V8 CPU profile (`node --cpu-prof`, the `.cpuprofile` JSON of the Chrome DevTools protocol's
// Profiler.Profile: nodes, samples, timeDeltas in µs) and prints self time by package or folder and by function.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** The one `.cpuprofile` in `dir` (written when the profiled process exits). */
export function readCpuProfile(dir: string): { file: string; profile: CpuProfile } {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no CPU profile written to ${dir}`);
  return { file: path.join(dir, file), profile: JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile };
}

/**
 * Self time per function and per package or folder over [from, to] µs of the profile's clock (the measured load,
 * not start-up), printed as share and µs per `unit` (`count` of them in the window), the top `top` of each.
 */
export function summarizeCpuProfile(
  profile: CpuProfile,
  window: { from: number; to: number; count: number; unit: string },
  options: { root: string; top: number; log: (line: string) => void },
): void {
  const { root, top, log } = options;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at >= window.from && at <= window.to) self.set(id, (self.get(id) ?? 0) + delta);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  for (const [id, micros] of self) {
    const frame = byId.get(id)!.callFrame;
    const url = frame.url.replace(/^file:\/\//, '').replace(root + '/', '');
    const area =
      url === ''
        ? `(${frame.functionName || 'native'})`
        : url.includes('node_modules/')
          ? url.replace(/.*node_modules\/((@[^/]+\/)?[^/]+).*/, '$1')
          : url.startsWith('node:')
            ? 'node core'
            : url.split('/').slice(0, 4).join('/');
    byArea.set(area, (byArea.get(area) ?? 0) + micros);
    const name = `${frame.functionName || '(anonymous)'}  ${url}:${frame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  }
  const count = Math.max(1, window.count);
  const print = (title: string, map: Map<string, number>) => {
    log(title);
    for (const [name, micros] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      log(
        `  ${((100 * micros) / total).toFixed(1).padStart(5)} %  ${(micros / count).toFixed(1).padStart(7)} µs/${window.unit}  ${name.slice(0, 150)}`,
      );
    }
  };
  log(
    `${(total / 1e6).toFixed(1)} s of samples in the window (whole profile ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s)`,
  );
  print('self time by package or folder', byArea);
  print('self time by function', byFunction);
}
