import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** The Prometheus tools ChatWatch runs, and the executable names Debian and upstream give them. */
const NAMES = {
  prometheus: ['prometheus'],
  promtool: ['promtool'],
  alertmanager: ['prometheus-alertmanager', 'alertmanager'],
  amtool: ['amtool'],
} as const;

export type PrometheusTool = keyof typeof NAMES;

export const INSTALL_HELP: Record<PrometheusTool, string> = {
  prometheus: 'Prometheus is not installed: apt-get install prometheus (Debian/Ubuntu), or put `prometheus` on PATH.',
  promtool:
    'promtool is not installed: apt-get install prometheus (Debian/Ubuntu; promtool ships with it), or put `promtool` on PATH.',
  alertmanager:
    'Alertmanager is not installed: apt-get install prometheus-alertmanager (Debian/Ubuntu), or put `alertmanager` on PATH.',
  amtool:
    'amtool is not installed: apt-get install prometheus-alertmanager (Debian/Ubuntu; amtool ships with it), or put `amtool` on PATH.',
};

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Absolute path of the tool on PATH (or in /usr/bin), or null. */
export function findTool(tool: PrometheusTool, searchPath = process.env.PATH ?? ''): string | null {
  const dirs = [...searchPath.split(path.delimiter).filter(Boolean), '/usr/bin', '/usr/local/bin'];
  for (const name of NAMES[tool]) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      if (executable(candidate)) return candidate;
    }
  }
  return null;
}

/** Like findTool, but throws the install instructions when the tool is missing. */
export function requireTool(tool: PrometheusTool): string {
  const found = findTool(tool);
  if (!found) throw new Error(INSTALL_HELP[tool]);
  return found;
}
