// Throw-away Prometheus and Alertmanager processes on loopback, for tests: started from a config text in a
// folder of their own, stopped (SIGTERM, then SIGKILL) by the caller in `finally`.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { requireTool } from './binaries';

export interface LocalServer {
  url: string;
  /** Everything the process printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('No port')),
      );
    });
  });
}

function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  return new Promise((resolve) => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return resolve();
    const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function startProcess(
  command: string,
  args: string[],
  url: string,
  readyPath: string,
  timeoutMs: number,
): Promise<LocalServer> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  let spawnError: Error | undefined;
  child.on('error', (error) => (spawnError = error));
  const server: LocalServer = { url, output: () => output, stop: () => stopChild(child) };
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (spawnError) throw spawnError;
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`exited with ${child.exitCode ?? child.signalCode}`);
      try {
        const response = await fetch(`${url}${readyPath}`, { signal: AbortSignal.timeout(1_000) });
        if (response.ok) return server;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`not ready at ${url}${readyPath} within ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (error) {
    await server.stop();
    throw new Error(
      `${path.basename(command)} did not start: ${error instanceof Error ? error.message : String(error)}\n${output}`,
      { cause: error },
    );
  }
}

/** Starts Prometheus with `config` (YAML text) in `dir` (config and TSDB live there). */
export async function startLocalPrometheus(dir: string, config: string, timeoutMs = 30_000): Promise<LocalServer> {
  mkdirSync(path.join(dir, 'data'), { recursive: true });
  const configFile = path.join(dir, 'prometheus.yml');
  writeFileSync(configFile, config);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${path.join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ];
  return startProcess(requireTool('prometheus'), args, url, '/-/ready', timeoutMs);
}

/** Starts Alertmanager with `config` (YAML text) in `dir`, clustering off. */
export async function startLocalAlertmanager(dir: string, config: string, timeoutMs = 30_000): Promise<LocalServer> {
  mkdirSync(path.join(dir, 'data'), { recursive: true });
  const configFile = path.join(dir, 'alertmanager.yml');
  writeFileSync(configFile, config);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [
    `--config.file=${configFile}`,
    `--storage.path=${path.join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--cluster.listen-address=',
    '--log.level=warn',
  ];
  return startProcess(requireTool('alertmanager'), args, url, '/-/ready', timeoutMs);
}
