// `npm run bench:detect`: how fast the monitor notices an outage, and what a journey costs in time and memory.
//
// A stack of its own (web 3600, sandbox 4600, monitor metrics 9964, PostgreSQL 54389; data and build in
// .data/bench/detect) runs the monitor with its production defaults (journey every 30 s, confirmations after
// 15 s, N = 2, RUM trigger on). Modes:
//   production  no real users: each trial waits until all is healthy, waits a random 0–30 s, injects a sandbox
//               fault, measures time-to-detect and time-to-alert, clears it and waits for the resolution;
//   users       the same while simulated real users (demo members in a real Chromium) open their project's
//               chat every 5 s, so their embed beacons can trigger a confirmation journey at once;
//   both        users, then production (default).
// Then a second monitor process (its own leader lock, metrics on 9965, journey every 4 s) runs 30 journeys while
// the bench sums PSS over it and its Chromium processes, and times each warm journey. A trial or a memory phase
// that fails is printed as such; the other results still are.
//
// Options: --mode production|users|both --faults ui-down,ui-broken,webhooks-drop --trials 5 (per fault kind
// and mode) --users 4 --runs 30 --skip-detect --skip-memory. Exits 1 when a target is missed, 2 on a failed run.
import { rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startStack } from '../scripts/lib/stack';
import { memoryPhase, mib, type MemoryResult } from './detect/memory';
import { COMPONENT, detectionTrial, s, sandbox, say, type Trial } from './detect/trial';
import { startUserLoad, type UserLoad } from './detect/users';
import { until } from './poll';
import { signInBeaconUser } from './truth/load';

const PORTS = { web: 3600, sandbox: 4600, metrics: 9964, pg: 54389, memoryMetrics: 9965 };
const JOURNEY_INTERVAL_MS = 30_000;
const TARGET_MS = { production: 45_000, users: 15_000 } as const;
const DEMO_PASSWORD = 'chatwatch-demo';

const root = path.resolve(import.meta.dirname, '..');
const { values: opts } = parseArgs({
  options: {
    mode: { type: 'string', default: 'both' },
    faults: { type: 'string', default: 'ui-down,ui-broken,webhooks-drop' },
    trials: { type: 'string', default: '5' },
    users: { type: 'string', default: '4' },
    runs: { type: 'string', default: '30' },
    'skip-detect': { type: 'boolean', default: false },
    'skip-memory': { type: 'boolean', default: false },
  },
});
const TRIALS = Number(opts.trials);
const RUNS = Number(opts.runs);
const FAULTS = opts.faults!.split(',');
const MODES = (opts.mode === 'both' ? ['users', 'production'] : [opts.mode!]) as (keyof typeof TARGET_MS)[];
for (const fault of FAULTS)
  if (!COMPONENT[fault]) throw new Error(`--faults: one of ${Object.keys(COMPONENT).join(', ')}`);
for (const mode of MODES) if (!(mode in TARGET_MS)) throw new Error('--mode: production, users or both');

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

// Everything started is stopped in reverse order, on success, failure or Ctrl-C.
const stops: (() => Promise<void>)[] = [];
const stopAll = async () => {
  while (stops.length > 0) await stops.pop()!().catch(() => undefined);
};
// A crash in a background loop (the simulated users) must not leave the stack running on its ports.
for (const event of ['uncaughtException', 'unhandledRejection'] as const)
  process.once(event, (error: unknown) => {
    console.error(`bench:detect crashed: ${(error as Error)?.stack ?? String(error)}`);
    void stopAll().finally(() => process.exit(2));
  });
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    say(`${signal}: stopping what the bench started`);
    void stopAll().finally(() => process.exit(130));
  });

const dataDir = path.join(root, '.data', 'bench', 'detect');
// A fresh database every time: no incident, streak or fault left over from an earlier (interrupted) run.
rmSync(path.join(dataDir, 'pg'), { recursive: true, force: true });
const stack = await startStack({
  name: 'bench-detect',
  dataDir,
  webPort: PORTS.web,
  sandboxPort: PORTS.sandbox,
  metricsPort: PORTS.metrics,
  pgPort: PORTS.pg,
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
stops.push(() => stack.stop());
const db = new pg.Pool({ connectionString: stack.databaseUrl, max: 2 });
stops.push(() => db.end());

/** Demo members (not synthetic) and a project each: the simulated real users. */
async function demoUsers(count: number) {
  const { rows } = await db.query<{ email: string; projectId: string }>(
    `SELECT u.email, p.id AS "projectId" FROM "user" u
       JOIN LATERAL (SELECT id FROM project WHERE "clientId" = u.id OR "designerId" = u.id ORDER BY id LIMIT 1) p ON true
      WHERE u.role IN ('CLIENT', 'DESIGNER') ORDER BY u.email LIMIT $1`,
    [count],
  );
  if (rows.length < count) throw new Error(`only ${rows.length} demo members with a project (wanted ${count})`);
  return rows;
}

let exitCode = 0;
try {
  await sandbox(stack, 'DELETE', '/admin/faults');
  const results: {
    mode: keyof typeof TARGET_MS;
    trials: Trial[];
    failed: { fault: string; error: string }[];
    beacons?: Record<string, number>;
    load: string;
  }[] = [];
  if (!opts['skip-detect'])
    for (const mode of MODES) {
      let users: UserLoad | null = null;
      if (mode === 'users') {
        users = await startUserLoad(stack.urls.app, await demoUsers(Number(opts.users)), {
          // Retried: a loaded app may answer 503 or time out. Each user signs in from an address of its own, so the
          // monitor's sign-in limiter counters are not theirs.
          signIn: async (user, i) =>
            (
              await until(
                `${user.email} signed in`,
                120_000,
                () => signInBeaconUser(stack, user.email, DEMO_PASSWORD, user.projectId, `198.19.201.${i + 1}`),
                { everyMs: 2000, ignoreErrors: true },
              )
            ).cookie,
          everyMs: 5000,
          pageTimeoutMs: 20_000,
        });
        const stopUsers = users.stop;
        stops.push(stopUsers);
      }
      const trials: Trial[] = [];
      const failed: { fault: string; error: string }[] = [];
      for (const fault of FAULTS)
        for (let n = 1; n <= TRIALS; n++)
          // A trial that times out (no incident in 5 minutes, no resolution) is a result, not the end of the run.
          await detectionTrial(stack, db, fault, trials.length + failed.length + 1, JOURNEY_INTERVAL_MS).then(
            (trial) => trials.push(trial),
            (error: unknown) => {
              say(`trial (${fault}) failed: ${(error as Error).message}`);
              failed.push({ fault, error: (error as Error).message });
            },
          );
      if (users) await stops.pop()!();
      results.push({ mode, trials, failed, beacons: users ? { ...users.beacons } : undefined, load: load() });
    }

  const lines = [
    '',
    `bench:detect — ${new Date().toISOString()}, ${(await readFile('/proc/cpuinfo', 'utf8')).match(/^processor/gm)?.length ?? '?'} cores, load average ${load()}`,
  ];
  for (const { mode, trials, failed, beacons, load: after } of results) {
    lines.push(
      `Detection, mode ${mode}: production schedule (journey "0,30 * * * * *"), confirmations after 15 s, N = 2, M = 2, RUM trigger ≥ 2 users and ≥ 3 failed loads in 60 s${mode === 'users' ? `; ${opts.users} simulated users open the chat every 5 s (their beacons: ${JSON.stringify(beacons)})` : '; no real users'}; load average at the end ${after}`,
      '  trial  fault           injected after  first failing run  time-to-detect  time-to-alert  (sink)   opened by (counted runs)      resolved after clear',
    );
    trials.forEach((t, i) =>
      lines.push(
        `  ${String(i + 1).padEnd(5)}  ${t.fault.padEnd(14)}  ${s(t.waitedMs).padStart(14)}  ${s(t.firstFailureMs).padStart(17)}  ${s(t.detectMs).padStart(14)}  ${s(t.alertMs).padStart(13)}  ${s(t.sinkMs).padStart(7)}  ${t.triggers.padEnd(28)}  ${s(t.resolveMs).padStart(9)}`,
      ),
    );
    for (const f of failed) lines.push(`  failed  ${f.fault.padEnd(14)}  ${f.error}`);
    lines.push(`  per fault kind (target: median time-to-alert ≤ ${s(TARGET_MS[mode])}):`);
    for (const fault of FAULTS) {
      const of = trials.filter((t) => t.fault === fault);
      const misses = failed.filter((f) => f.fault === fault).length;
      if (of.length === 0) {
        exitCode = 1;
        lines.push(`    ${fault.padEnd(14)} 0 trials completed (${misses} failed)  NOT met`);
        continue;
      }
      const alert = median(of.map((t) => t.alertMs));
      const met = alert <= TARGET_MS[mode] && misses === 0;
      if (!met) exitCode = 1;
      lines.push(
        `    ${fault.padEnd(14)} ${of.length} trials${misses ? ` (+${misses} failed)` : ''}  time-to-alert median ${s(alert)}, worst ${s(Math.max(...of.map((t) => t.alertMs)))}  (first failing run median ${s(median(of.map((t) => t.firstFailureMs)))})  ${met ? 'met' : 'NOT met'}`,
      );
    }
  }
  console.log(lines.join('\n'));
  // Memory and journey speed after the detection trials: a phase that fails (a journey that never finishes on a
  // loaded machine) must not cost the detection tables, which are printed already.
  let memory: MemoryResult | null = null;
  if (!opts['skip-memory'])
    memory = await memoryPhase(stack, db, RUNS, PORTS.memoryMetrics, (stop) => stops.push(stop)).catch(
      (error: unknown) => {
        console.error(`memory phase failed: ${(error as Error).message}`);
        exitCode = 2;
        return null;
      },
    );
  const memoryLines: string[] = [];
  if (memory) {
    const peak = Math.max(...memory.samples.map((m) => m.pssKib));
    const at = (run: number) => memory.samples.find((m) => m.run === run) ?? memory.samples.at(-1)!;
    const tenth = at(Math.min(10, RUNS));
    const growth = at(RUNS).pssKib - tenth.pssKib;
    const flat = growth <= tenth.pssKib * 0.1;
    const warm = memory.durations.filter((d) => d.run > 1).map((d) => d.ms);
    memoryLines.push(
      `Memory and speed: ${RUNS} journeys in one monitor process (journey every 4 s, session kept between runs); PSS summed over the monitor and its Chromium processes`,
      `  run 1 ${mib(at(1).pssKib)}, run 10 ${mib(tenth.pssKib)}, run ${RUNS} ${mib(at(RUNS).pssKib)}; peak ${mib(peak)} (target ≤ 450 MiB: ${peak <= 450 * 1024 ? 'met' : 'NOT met'})`,
      `  growth run 10 → ${RUNS}: ${growth >= 0 ? '+' : ''}${mib(growth)} (${((growth / tenth.pssKib) * 100).toFixed(1)} %; flat = within 10 %: ${flat ? 'met' : 'NOT met'}); renderer processes at run 10 / ${RUNS}: ${tenth.renderers} / ${at(RUNS).renderers}`,
    );
    if (warm.length > 0) {
      const p50 = percentile(warm, 50);
      const p95 = percentile(warm, 95);
      memoryLines.push(
        `  warm journeys (runs 2–${RUNS}, passed: ${warm.length}): p50 ${s(p50)} (target ≤ 1.5 s: ${p50 <= 1500 ? 'met' : 'NOT met'}), p95 ${s(p95)} (target ≤ 2.5 s: ${p95 <= 2500 ? 'met' : 'NOT met'}), max ${s(Math.max(...warm))}; failed runs: ${memory.failed}`,
      );
      const first = memory.durations.find((d) => d.run === 1);
      if (first) memoryLines.push(`  run 1 (cold): ${s(first.ms)}  ${first.steps}`);
      const typical = memory.durations.filter((d) => d.run > 1).sort((a, b) => a.ms - b.ms)[
        Math.floor(warm.length / 2)
      ];
      if (typical) memoryLines.push(`  median warm run ${typical.run}: ${s(typical.ms)}  ${typical.steps}`);
      if (p50 > 1500 || p95 > 2500) exitCode = 1;
    }
    if (peak > 450 * 1024 || !flat) exitCode = 1;
  }
  if (memoryLines.length > 0) console.log(memoryLines.join('\n'));
} catch (error) {
  console.error(`bench:detect failed: ${(error as Error).message}`);
  exitCode = 2;
} finally {
  await stopAll();
}
process.exit(exitCode);
