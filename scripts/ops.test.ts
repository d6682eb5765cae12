// `npm run ops` for real: starts Prometheus and Alertmanager, loads the rules, stops both on Ctrl-C (SIGINT).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../monitor/prometheus/local-server';
import { ruleGroups } from '../monitor/prometheus/prom-api';

const root = path.resolve(import.meta.dirname, '..');
let dataDir: string | undefined;

afterEach(() => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Pids of processes whose command line mentions `text` (Linux /proc). */
function processesUsing(text: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('npm run ops', () => {
  it('starts Prometheus and Alertmanager on loopback with the rules, and Ctrl-C stops both', async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'chatwatch-ops-'));
    const [promPort, amPort] = [await freePort(), await freePort()];
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'ops.ts')], {
      cwd: root,
      env: {
        ...process.env,
        OPS_DATA_DIR: dataDir,
        OPS_PROMETHEUS_PORT: String(promPort),
        OPS_ALERTMANAGER_PORT: String(amPort),
        PORT: '9',
        MONITOR_METRICS_PORT: '9',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 45_000;
      while (!output.includes('Ctrl-C stops') && Date.now() < deadline && child.exitCode === null)
        await new Promise((r) => setTimeout(r, 200));
      expect(output, output).toContain(`http://127.0.0.1:${promPort}`);
      expect(output, output).toContain(`http://127.0.0.1:${amPort}`);
      expect(output).toMatch(/The app does not answer/);

      const rules = (await ruleGroups(`http://127.0.0.1:${promPort}`)).flatMap((g) => g.rules);
      expect(rules).toHaveLength(10);
      // Prometheus discovers its Alertmanager shortly after start.
      let alertmanagers: string[] = [];
      for (let i = 0; i < 50 && alertmanagers.length === 0; i += 1) {
        const status = (await (await fetch(`http://127.0.0.1:${promPort}/api/v1/alertmanagers`)).json()) as {
          data: { activeAlertmanagers: { url: string }[] };
        };
        alertmanagers = status.data.activeAlertmanagers.map((a) => a.url);
        if (alertmanagers.length === 0) await new Promise((r) => setTimeout(r, 200));
      }
      expect(alertmanagers).toEqual([`http://127.0.0.1:${amPort}/api/v2/alerts`]);
      expect((await fetch(`http://127.0.0.1:${amPort}/-/ready`)).status).toBe(200);
      expect(readFileSync(path.join(dataDir, 'alertmanager', 'secrets', 'slack-webhook-url'), 'utf8')).toMatch(
        /^http:\/\/127\.0\.0\.1:\d+\/sinks\/slack\//,
      );
      expect(existsSync(path.join(dataDir, 'data'))).toBe(true);

      child.kill('SIGINT');
      expect(await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 15_000))])).toBe(0);
      expect(output).toContain('Stopped.');
      await expect(fetch(`http://127.0.0.1:${promPort}/-/ready`)).rejects.toThrow();
      await expect(fetch(`http://127.0.0.1:${amPort}/-/ready`)).rejects.toThrow();
      expect(processesUsing(dataDir)).toEqual([]);
    } finally {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    }
  }, 60_000);
});
