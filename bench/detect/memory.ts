// The memory and journey-speed phase of `bench:detect`: a second monitor process runs the chat journey every
// 4 s; after each run the bench sums PSS over it and its Chromium processes.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { descendantPids } from '../../lib/browser/processes';
import type { RunningStack } from '../../scripts/lib/stack';
import { until } from '../poll';
import { say } from './trial';

const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;

async function pssKib(pid: number): Promise<number> {
  const text = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => '');
  return Number(/^Pss:\s+(\d+) kB/m.exec(text)?.[1] ?? 0);
}

export interface MemorySample {
  run: number;
  pssKib: number;
  processes: number;
  renderers: number;
  /** PSS per role: `monitor` (the Node process), `browser` (Chromium's main process), or Chromium's `--type=`. */
  byRole: Record<string, number>;
}

/** What a process of the tree is: the monitor itself, Chromium's main process, or its `--type=` (renderer, gpu-process…). */
function roleOf(cmdline: string, isMonitor: boolean): string {
  if (isMonitor) return 'monitor';
  const type = /--type=([\w-]+)/.exec(cmdline)?.[1];
  if (type) return type;
  return /chrom/i.test(cmdline) ? 'browser' : (cmdline.split('\0')[0]?.split('/').at(-1) ?? 'other');
}

/** The monitor's own memory, bytes: resident set, V8 heap allocated and used, external memory. */
interface MonitorHeap {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
}

/**
 * The monitor's own memory from its Prometheus endpoint (prom-client's default metrics), or null when it cannot be
 * read. What is resident beyond the heap and external memory is code, stacks and native allocations (Node, V8,
 * Playwright's driver, Prisma's query compiler).
 */
async function monitorHeap(metricsPort: number): Promise<MonitorHeap | null> {
  const text = await fetch(`http://127.0.0.1:${metricsPort}/metrics`, { signal: AbortSignal.timeout(5000) })
    .then((r) => r.text())
    .catch(() => null);
  if (!text) return null;
  const read = (name: string) =>
    Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([\\d.e+]+)$`, 'm').exec(text)?.[1] ?? NaN);
  return {
    rss: read('process_resident_memory_bytes'),
    heapTotal: read('nodejs_heap_size_total_bytes'),
    heapUsed: read('nodejs_heap_size_used_bytes'),
    external: read('nodejs_external_memory_bytes'),
  };
}

export interface MemoryResult {
  samples: MemorySample[];
  /** Passed runs in order: [run number, duration ms, steps]. */
  durations: { run: number; ms: number; steps: string }[];
  failed: number;
}

/**
 * `runs` journeys in a monitor process of its own (its own leader lock, metrics on `metricsPort`, RUM off).
 * `register` receives the stop function, so a Ctrl-C stops the process too.
 */
export async function memoryPhase(
  stack: RunningStack,
  db: pg.Pool,
  runs: number,
  metricsPort: number,
  register: (stop: () => Promise<void>) => void,
): Promise<MemoryResult> {
  const root = path.resolve(import.meta.dirname, '..', '..');
  const instanceId = `bench-memory-${process.pid}`;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'monitor', 'main.ts')], {
    cwd: root,
    env: {
      ...stack.env,
      MONITOR_INSTANCE_ID: instanceId,
      MONITOR_CHECKS: 'chat-journey',
      MONITOR_SCHEDULE_CHAT_JOURNEY: '*/4 * * * * *',
      MONITOR_LEADER_LOCK_KEY: '727099',
      MONITOR_METRICS_PORT: String(metricsPort),
      MONITOR_RUM_MIN_USERS: '0',
      MONITOR_SLACK_WEBHOOK_URL: '',
      MONITOR_PAGERDUTY_ROUTING_KEY: '',
      MONITOR_ALERT_WEBHOOK_URL: '',
      MONITOR_ALERT_EMAIL_TO: '',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await Promise.race([new Promise((resolve) => child.once('exit', resolve)), sleep(15_000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  register(stop);
  const samples: MemorySample[] = [];
  try {
    const pid = child.pid!;
    for (let run = 1; run <= runs; run++) {
      await until(
        `journey run ${run}`,
        // A cold journey on a loaded 2-core machine (sign-in alone took 30 s at a load average of 30) needs minutes.
        180_000,
        async () =>
          Number(
            (
              await db.query<{ n: string }>(
                `SELECT count(*) AS n FROM check_run WHERE "instanceId" = $1 AND "check" = 'chat-journey' AND status <> 'RUNNING'`,
                [instanceId],
              )
            ).rows[0]!.n,
          ) >= run,
      );
      const pids = [pid, ...(await descendantPids(pid))];
      let total = 0;
      let renderers = 0;
      const byRole: Record<string, number> = {};
      for (const p of pids) {
        const kib = await pssKib(p);
        const cmdline = await readFile(`/proc/${p}/cmdline`, 'utf8').catch(() => '');
        const role = roleOf(cmdline, p === pid);
        total += kib;
        byRole[role] = (byRole[role] ?? 0) + kib;
        if (role === 'renderer') renderers++;
      }
      samples.push({ run, pssKib: total, processes: pids.length, renderers, byRole });
      if (run % 5 === 0 || run === 1)
        say(
          `memory: run ${run}: PSS ${mib(total)} over ${pids.length} processes (${renderers} renderers): ${Object.entries(
            byRole,
          )
            .sort(([, a], [, b]) => b - a)
            .map(([role, kib]) => `${role} ${mib(kib)}`)
            .join(', ')}`,
        );
      if (run === 1 || run === runs) {
        const heap = await monitorHeap(metricsPort);
        const m = (bytes: number) => mib(bytes / 1024);
        if (heap)
          say(
            `memory: run ${run}: the monitor's RSS ${m(heap.rss)} = V8 heap ${m(heap.heapTotal)} (${m(heap.heapUsed)} used) + external ${m(heap.external)} + code, stacks and native ${m(heap.rss - heap.heapTotal - heap.external)}`,
          );
      }
    }
  } finally {
    await stop();
  }
  const { rows } = await db.query<{ durationMs: number; status: string; id: string }>(
    `SELECT id, "durationMs", status FROM check_run WHERE "instanceId" = $1 AND "check" = 'chat-journey' AND status <> 'RUNNING' ORDER BY "startedAt" LIMIT $2`,
    [instanceId, runs],
  );
  const steps = await db.query<{ runId: string; name: string; durationMs: number }>(
    `SELECT "runId", name, "durationMs" FROM check_step WHERE "runId" = ANY($1::uuid[]) ORDER BY "startedAt"`,
    [rows.map((r) => r.id)],
  );
  return {
    samples,
    durations: rows.flatMap((r, i) =>
      r.status === 'PASSED'
        ? [
            {
              run: i + 1,
              ms: r.durationMs,
              steps: steps.rows
                .filter((st) => st.runId === r.id)
                .map((st) => `${st.name}:${st.durationMs}`)
                .join(' '),
            },
          ]
        : [],
    ),
    failed: rows.filter((r) => r.status === 'FAILED').length,
  };
}

export { mib };
