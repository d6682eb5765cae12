// `npm run bench:detect`: how fast the monitor notices an outage, and what it costs in memory.
//
// 1. Detection: a stack of its own (ports 3400/4400/9764, PostgreSQL 54379, data in .data/bench/detect) runs the
//    monitor with its production defaults (journey every minute, confirmations after 15 s, N = 2). Each trial
//    waits until everything is healthy, waits a random 0–60 s, injects a sandbox fault, and measures
//    time-to-detect (fault start → incident opened) and time-to-alert (fault start → first alert accepted by a
//    sink), then clears the fault and waits for the resolution.
// 2. Memory: a second monitor process (its own leader lock, journey every 4 s) runs 30 journeys; after each one
//    the bench sums PSS (/proc/<pid>/smaps_rollup) over that process and its Chromium processes.
//
// Options: --trials 3 --fault ui-down|ui-broken|webhooks-drop|api-down --runs 30 --skip-detect --skip-memory
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { descendantPids } from '../monitor/browser';
import { startStack, type RunningStack } from '../scripts/lib/stack';

const root = path.resolve(import.meta.dirname, '..');
const { values: opts } = parseArgs({
  options: {
    trials: { type: 'string', default: '3' },
    fault: { type: 'string', default: 'ui-down' },
    runs: { type: 'string', default: '30' },
    'skip-detect': { type: 'boolean', default: false },
    'skip-memory': { type: 'boolean', default: false },
  },
});
const TRIALS = Number(opts.trials);
const RUNS = Number(opts.runs);
const FAULT = opts.fault!;
const COMPONENT: Record<string, string> = {
  'ui-down': 'chat_ui',
  'ui-broken': 'chat_ui',
  'webhooks-drop': 'webhooks',
  'api-down': 'vendor_api',
};
if (!COMPONENT[FAULT]) throw new Error(`--fault must be one of ${Object.keys(COMPONENT).join(', ')}`);

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
const say = (line: string) => process.stdout.write(`\x1b[1mbench |\x1b[0m ${line}\n`);

async function until<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | null | undefined | false>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${s(timeoutMs)} waiting for ${what}`);
    await sleep(250);
  }
}

async function sandbox(stack: RunningStack, method: string, pathAndQuery: string, body?: object): Promise<unknown> {
  const response = await fetch(`${stack.urls.sandbox}${pathAndQuery}`, {
    method,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`${method} ${pathAndQuery}: HTTP ${response.status}`);
  return response.json();
}

interface Trial {
  fault: string;
  waitedMs: number;
  detectMs: number;
  alertMs: number;
  sinkMs: number;
  firstChannel: string;
  resolveMs: number;
}

async function detectionTrial(stack: RunningStack, db: pg.Pool, n: number): Promise<Trial> {
  const component = COMPONENT[FAULT]!;
  await until('no open incident and a passing journey', 300_000, async () => {
    const open = await db.query(`SELECT 1 FROM incident WHERE status = 'OPEN'`);
    const last = await db.query<{ status: string }>(
      `SELECT status FROM check_run WHERE "check" = 'chat-journey' AND counted ORDER BY "startedAt" DESC LIMIT 1`,
    );
    return open.rowCount === 0 && last.rows[0]?.status === 'PASSED';
  });
  const waitedMs = Math.round(Math.random() * 60_000);
  say(`trial ${n}: healthy; injecting ${FAULT} in ${s(waitedMs)}`);
  await sleep(waitedMs);
  const { fault } = (await sandbox(stack, 'POST', '/admin/faults', { mode: FAULT })) as {
    fault: { id: string; startedAt: string };
  };
  const start = new Date(fault.startedAt);
  try {
    const incident = await until(
      `a ${component} incident`,
      300_000,
      async () =>
        (
          await db.query<{ id: string; detectedAt: Date }>(
            `SELECT id, "detectedAt" FROM incident WHERE component = $1 AND "detectedAt" >= $2`,
            [component, start],
          )
        ).rows[0],
    );
    const alert = await until(
      'the first alert',
      60_000,
      async () =>
        (
          await db.query<{ channel: string; sentAt: Date }>(
            `SELECT channel, "sentAt" FROM alert_delivery WHERE "incidentId" = $1 AND status = 'SENT' ORDER BY "sentAt" LIMIT 1`,
            [incident.id],
          )
        ).rows[0],
    );
    // The sink's own receipt time (the sandbox's clock) for the same incident.
    const received = await until('the sink to record it', 30_000, async () => {
      const { data } = (await sandbox(
        stack,
        'GET',
        `/admin/api/alerts?since=${encodeURIComponent(start.toISOString())}`,
      )) as { data: { payload: unknown; receivedAt: string }[] };
      return data.find((a) => JSON.stringify(a.payload).includes(incident.id));
    });
    await sandbox(stack, 'DELETE', '/admin/faults');
    const cleared = Date.now();
    const resolvedAt = await until(
      'the resolution',
      300_000,
      async () =>
        (await db.query<{ resolvedAt: Date | null }>(`SELECT "resolvedAt" FROM incident WHERE id = $1`, [incident.id]))
          .rows[0]?.resolvedAt,
    );
    const trial: Trial = {
      fault: FAULT,
      waitedMs,
      detectMs: incident.detectedAt.getTime() - start.getTime(),
      alertMs: alert.sentAt.getTime() - start.getTime(),
      sinkMs: new Date(received.receivedAt).getTime() - start.getTime(),
      firstChannel: alert.channel,
      resolveMs: resolvedAt.getTime() - cleared,
    };
    say(
      `trial ${n}: detected after ${s(trial.detectMs)}, first alert (${trial.firstChannel}) after ${s(trial.alertMs)}, resolved ${s(trial.resolveMs)} after the fault was cleared`,
    );
    return trial;
  } finally {
    await sandbox(stack, 'DELETE', '/admin/faults').catch(() => undefined);
  }
}

async function pssKib(pid: number): Promise<number> {
  const text = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => '');
  return Number(/^Pss:\s+(\d+) kB/m.exec(text)?.[1] ?? 0);
}

interface MemorySample {
  run: number;
  pssKib: number;
  processes: number;
  renderers: number;
}

async function memoryPhase(
  stack: RunningStack,
  db: pg.Pool,
): Promise<{ samples: MemorySample[]; durations: number[]; failed: number }> {
  const instanceId = `bench-memory-${process.pid}`;
  const env = {
    ...stack.env,
    MONITOR_INSTANCE_ID: instanceId,
    MONITOR_CHECKS: 'chat-journey',
    MONITOR_SCHEDULE_CHAT_JOURNEY: '*/4 * * * * *',
    MONITOR_LEADER_LOCK_KEY: '727099',
    MONITOR_METRICS_PORT: '9765',
    MONITOR_SLACK_WEBHOOK_URL: '',
    MONITOR_PAGERDUTY_ROUTING_KEY: '',
    MONITOR_ALERT_WEBHOOK_URL: '',
    MONITOR_ALERT_EMAIL_TO: '',
    LOG_LEVEL: 'warn',
  };
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'monitor', 'main.ts')], {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const samples: MemorySample[] = [];
  try {
    const pid = child.pid!;
    for (let run = 1; run <= RUNS; run++) {
      await until(
        `journey run ${run}`,
        60_000,
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
      for (const p of pids) {
        total += await pssKib(p);
        if ((await readFile(`/proc/${p}/cmdline`, 'utf8').catch(() => '')).includes('--type=renderer')) renderers++;
      }
      samples.push({ run, pssKib: total, processes: pids.length, renderers });
      if (run % 5 === 0 || run === 1)
        say(`memory: run ${run}: PSS ${mib(total)} over ${pids.length} processes (${renderers} renderers)`);
    }
  } finally {
    child.kill('SIGTERM');
    await Promise.race([new Promise((resolve) => child.once('exit', resolve)), sleep(15_000)]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  const { rows } = await db.query<{ durationMs: number; status: string }>(
    `SELECT "durationMs", status FROM check_run WHERE "instanceId" = $1 AND "check" = 'chat-journey' AND status <> 'RUNNING' ORDER BY "startedAt" LIMIT $2`,
    [instanceId, RUNS],
  );
  return {
    samples,
    durations: rows.filter((r) => r.status === 'PASSED').map((r) => r.durationMs),
    failed: rows.filter((r) => r.status === 'FAILED').length,
  };
}

const dataDir = path.join(root, '.data', 'bench', 'detect');
// A fresh database every time: no incident, streak or fault left over from an earlier (interrupted) run.
rmSync(path.join(dataDir, 'pg'), { recursive: true, force: true });
const stack = await startStack({
  name: 'bench-detect',
  dataDir,
  webPort: 3400,
  sandboxPort: 4400,
  metricsPort: 9764,
  pgPort: 54379,
  database: 'chatwatch_bench',
  seed: true,
  distDir: '.data/bench/detect/next',
  env: {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    LOG_PRETTY: 'false',
    // The only departure from production settings: see docs/monitor.md (sign-in limit per address).
    MONITOR_JOURNEY_FORWARDED_FOR: 'per-run',
  },
});
const db = new pg.Pool({ connectionString: stack.databaseUrl, max: 2 });
// Ctrl-C: stop the stack (every process, then PostgreSQL) rather than orphan it.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    say(`${signal}: stopping`);
    void sandbox(stack, 'DELETE', '/admin/faults')
      .catch(() => undefined)
      .finally(() => stack.stop().finally(() => process.exit(130)));
  });
}
let exitCode = 0;
try {
  await sandbox(stack, 'DELETE', '/admin/faults');
  const trials: Trial[] = [];
  if (!opts['skip-detect']) for (let n = 1; n <= TRIALS; n++) trials.push(await detectionTrial(stack, db, n));
  const memory = opts['skip-memory'] ? null : await memoryPhase(stack, db);

  const lines = [
    '',
    `bench:detect — ${new Date().toISOString()}, ${(await readFile('/proc/cpuinfo', 'utf8')).match(/^processor/gm)?.length ?? '?'} cores`,
  ];
  if (trials.length > 0) {
    lines.push(
      `Detection: fault ${FAULT}, production schedule (journey "0 * * * * *", API probe "15,45 * * * * *"), confirmations after 15 s, N = 2, M = 2`,
    );
    lines.push(
      '  trial  injected after  time-to-detect  time-to-alert  (sink received)  first channel  resolved after clear',
    );
    trials.forEach((t, i) =>
      lines.push(
        `  ${String(i + 1).padEnd(5)}  ${s(t.waitedMs).padStart(14)}  ${s(t.detectMs).padStart(14)}  ${s(t.alertMs).padStart(13)}  ${s(t.sinkMs).padStart(15)}  ${t.firstChannel.padEnd(13)}  ${s(t.resolveMs).padStart(20)}`,
      ),
    );
    const alert = median(trials.map((t) => t.alertMs));
    lines.push(
      `  median time-to-detect ${s(median(trials.map((t) => t.detectMs)))}, median time-to-alert ${s(alert)} (target ≤ 90 s: ${alert <= 90_000 ? 'met' : 'NOT met'})`,
    );
    if (alert > 90_000) exitCode = 1;
  }
  if (memory) {
    const peak = Math.max(...memory.samples.map((m) => m.pssKib));
    const at = (run: number) => memory.samples.find((m) => m.run === run) ?? memory.samples.at(-1)!;
    const growth = at(RUNS).pssKib - at(Math.min(10, RUNS)).pssKib;
    lines.push(
      `Memory: ${RUNS} journeys in one monitor process (journey every 4 s); PSS summed over the monitor and its Chromium processes`,
    );
    lines.push(
      `  run 1 ${mib(at(1).pssKib)}, run 10 ${mib(at(10).pssKib)}, run ${RUNS} ${mib(at(RUNS).pssKib)}; peak ${mib(peak)} (target ≤ 600 MiB: ${peak <= 600 * 1024 ? 'met' : 'NOT met'})`,
    );
    lines.push(
      `  growth run 10 → ${RUNS}: ${growth >= 0 ? '+' : ''}${mib(growth)} (${((growth / at(10).pssKib) * 100).toFixed(1)} %); renderer processes at run 10 / ${RUNS}: ${at(10).renderers} / ${at(RUNS).renderers}`,
    );
    if (memory.durations.length > 0)
      lines.push(
        `  journey duration (passed runs): p50 ${s(percentile(memory.durations, 50))}, p95 ${s(percentile(memory.durations, 95))}, max ${s(Math.max(...memory.durations))} (target ≤ 3 s); failed runs: ${memory.failed}`,
      );
    if (peak > 600 * 1024) exitCode = 1;
  }
  console.log(lines.join('\n'));
} catch (error) {
  console.error(`bench:detect failed: ${(error as Error).message}`);
  exitCode = 2;
} finally {
  await db.end();
  await stack.stop();
}
process.exit(exitCode);
