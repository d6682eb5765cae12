// `npm run bench:truth [-- --short] [-- --seed N] [-- --max-hold S] [-- --kinds K,K]`: is the monitor right about WHO failed? A
// stack of its own (web 3400, sandbox 4400, monitor metrics 9764, PostgreSQL 54369; data in .data/bench/truth) with a compressed
// monitor schedule (configuration only), a seeded random schedule of faults — the vendor's and SendGrid's through
// the sandbox's fault API, ours done by the bench — part of them under steady real-user load, then every incident
// the monitor opened is scored against the ground truth (the sandbox's fault log + the bench's own log): per
// fault kind missed, mis-blamed, time-to-detect, time-to-alert and alerts per channel, plus false incidents.
// Exits 1 on any miss, false incident or mis-blame; 2 when the run itself failed or a vendor fault was not
// observed (its hold reached --max-hold, default 150 s, before two counted runs of its check ended).
// --kinds replays only the named fault kinds, in that order (to re-run one drill while mending it): not a full run.
// docs/benchmarks.md § Truth.
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { findChromium } from '../lib/browser/chromium';
import { startStack } from '../scripts/lib/stack';
import { INJECT, type FaultTarget } from './truth/faults';
import { FAULT_KINDS, KINDS, type FaultKind } from './truth/kinds';
import { signInBeaconUser, startSteadyLoad, type SteadyLoad } from './truth/load';
import { observeIncidents } from './truth/observe';
import { planFaults } from './truth/schedule';
import { scoreRun, type TruthFault } from './truth/score';
import { formatIncidents, formatTable } from './truth/table';
import { makeConversations } from './chaos/conversations';
import { until as pollUntil } from './poll';

const root = path.resolve(import.meta.dirname, '..');
const { values: opts } = parseArgs({
  options: {
    short: { type: 'boolean', default: false },
    seed: { type: 'string' },
    'max-hold': { type: 'string', default: '150' },
    kinds: { type: 'string' },
  },
});
const short = opts.short!;
const seed = opts.seed !== undefined ? Number(opts.seed) : Math.floor(Math.random() * 2 ** 31);
if (!Number.isInteger(seed) || seed < 0) throw new Error('--seed must be a non-negative integer');
/** The bound on holding a vendor fault while waiting for two counted runs of its check (bench/truth/hold.ts). */
const maxHoldMs = Number(opts['max-hold']) * 1000;
if (!Number.isInteger(maxHoldMs) || maxHoldMs < 10_000)
  throw new Error('--max-hold must be whole seconds, at least 10');
const only = opts.kinds?.split(',').map((k) => k.trim()) as FaultKind[] | undefined;
for (const kind of only ?? [])
  if (!(FAULT_KINDS as readonly string[]).includes(kind))
    throw new Error(`--kinds: unknown fault kind "${kind}" (one of ${FAULT_KINDS.join(', ')})`);
const PORTS = { web: 3400, sandbox: 4400, metrics: 9764, pg: 54369 };
const SHAPE = short
  ? { faults: 2, tailMs: 30_000, leadMaxMs: 10_000, budgetMs: 6 * 60_000 }
  : { faults: 12, tailMs: 30_000, leadMaxMs: 12_000, budgetMs: 30 * 60_000 };
/** The monitor's address (one office NAT): the journey and the sign-in check come from it; the limiter drill targets it. */
const MONITOR_ADDRESS = '198.18.0.10';
const DATABASE = 'chatwatch_truth';
const say = (line: string) => process.stdout.write(`\x1b[1mtruth |\x1b[0m ${line}\n`);
const started = Date.now();
/** The bound runs from a started stack: a first `next build` after a change is not part of the run. */
let budgetFrom = started;
const overBudget = () => Date.now() - budgetFrom > SHAPE.budgetMs;

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
      .once('error', () => resolve(false))
      .once('listening', () => server.close(() => resolve(true)))
      .listen(port, '127.0.0.1');
  });
}

/** Every 500 ms; a probe that throws (the stack or its database mid-fault) is "not yet". */
const until = <T>(what: string, timeoutMs: number, probe: () => Promise<T | null | undefined | false>) =>
  pollUntil(what, timeoutMs, probe, { everyMs: 500, ignoreErrors: true });

async function main(): Promise<number> {
  for (const [name, port] of Object.entries(PORTS))
    if (!(await portFree(port))) throw new Error(`port ${port} (${name}) is in use: bench:truth needs its own ports`);
  const dataDir = path.join(root, '.data', 'bench', 'truth');
  rmSync(path.join(dataDir, 'pg'), { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const chromium = findChromium(process.env.CHROMIUM_PATH);
  if (!chromium) throw new Error('bench:truth needs Chromium (apt-get install chromium)');
  // The monitor finds its browser through this link, so the browser-missing drill can take it away.
  const chromiumLink = path.join(dataDir, 'chromium');
  rmSync(chromiumLink, { force: true });
  symlinkSync(chromium, chromiumLink);
  const plan = planFaults(seed, only?.length ?? SHAPE.faults, SHAPE.leadMaxMs, only);
  const form = only ? `only ${only.join(', ')}` : short ? 'short' : 'full';
  say(
    `${form} run, seed ${seed} (replay: --seed ${seed}${short ? ' --short' : ''}${only ? ` --kinds ${only.join(',')}` : ''})`,
  );
  say(`schedule: ${plan.map((p) => `${p.kind}${p.underLoad ? ' (load)' : ''}`).join(', ')}`);

  const stack = await startStack({
    name: 'bench-truth',
    dataDir,
    webPort: PORTS.web,
    sandboxPort: PORTS.sandbox,
    metricsPort: PORTS.metrics,
    pgPort: PORTS.pg,
    database: DATABASE,
    sandboxDatabase: 'sandbox_truth',
    seed: true,
    distDir: '.data/bench/truth/next',
    // A compressed schedule, by configuration only (docs/benchmarks.md § Truth lists each departure).
    env: {
      NODE_ENV: 'production',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      LOG_PRETTY: 'false',
      CHROMIUM_PATH: chromiumLink,
      MONITOR_CHECKS: 'chat-journey,vendor-api,pipeline,app-sign-in',
      MONITOR_SCHEDULE_CHAT_JOURNEY: '*/10 * * * * *',
      MONITOR_SCHEDULE_VENDOR_API: '*/5 * * * * *',
      MONITOR_SCHEDULE_PIPELINE: '2-59/5 * * * * *',
      MONITOR_SCHEDULE_APP_SIGN_IN: '4-59/10 * * * * *',
      MONITOR_CONFIRM_INTERVAL_SECONDS: '5',
      MONITOR_PIPELINE_MAX_AGE_SECONDS: '20',
      MONITOR_EMAIL_WAIT_MS: '5000',
      MONITOR_JOURNEY_FORWARDED_FOR: MONITOR_ADDRESS,
    },
  });
  budgetFrom = Date.now();
  const admin = new pg.Pool({ connectionString: stack.postgres!.adminUrl, max: 2 });
  const db = new pg.Pool({ connectionString: stack.databaseUrl, max: 3, connectionTimeoutMillis: 5000 });
  admin.on('error', () => undefined);
  db.on('error', () => undefined);
  let load: SteadyLoad | null = null;
  const stopSignal = () => {
    say('interrupted: stopping the stack');
    void stack.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', stopSignal);
  process.once('SIGTERM', stopSignal);
  try {
    const { conversations } = await makeConversations(stack.databaseUrl, 6);
    const clara = await db.query<{ id: string }>(
      `SELECT p.id FROM project p JOIN "user" u ON u.id = p."clientId" WHERE u.email = 'clara@demo.chatwatch.test' LIMIT 1`,
    );
    const user = await signInBeaconUser(stack, 'clara@demo.chatwatch.test', 'chatwatch-demo', clara.rows[0]!.id);
    const calm = async () =>
      (await db.query(`SELECT 1 FROM incident WHERE status = 'OPEN'`)).rowCount === 0 &&
      (await db.query(`SELECT 1 FROM check_run WHERE "check" = 'chat-journey' AND status = 'PASSED'`)).rowCount! > 0;
    await until('a passing journey and no open incident', 240_000, calm);
    const runStart = new Date();
    say(`healthy after ${((Date.now() - started) / 1000).toFixed(0)} s; faults start`);
    const truth: TruthFault[] = [];
    const target: FaultTarget = {
      stack,
      admin,
      database: DATABASE,
      db,
      maxHoldMs,
      chromiumLink,
      chromium,
      monitorAddress: MONITOR_ADDRESS,
      conversations,
      log: say,
    };
    // Scores what ran: at the end, or when the run stops early (budget, a fault that could not be injected), the
    // faults that completed — incidents detected after the last completed window are left out, not counted false.
    const report = async (partial: string | null) => {
      const last = truth.at(-1);
      const upTo = last ? last.endedAt.getTime() + SHAPE.tailMs : runStart.getTime();
      const observed = await observeIncidents(db, stack.urls.sandbox, runStart);
      const incidents = partial ? observed.filter((i) => i.detectedAt.getTime() <= upTo) : observed;
      const score = scoreRun(truth, incidents, SHAPE.tailMs);
      console.log(
        `\nbench:truth — ${form}, seed ${seed}, ${new Date().toISOString()}, ${((Date.now() - started) / 60_000).toFixed(1)} min (${((Date.now() - budgetFrom) / 60_000).toFixed(1)} min from a started stack)`,
      );
      if (partial)
        console.log(
          `PARTIAL: ${truth.length} of ${plan.length} faults completed (${partial}); ${observed.length - incidents.length} later incident(s) not scored`,
        );
      console.log(`\n${formatTable(score)}\n`);
      console.log(formatIncidents(score) || '(no incidents)');
      return score;
    };
    try {
      for (const [i, planned] of plan.entries()) {
        if (overBudget()) throw new Error(`over the ${SHAPE.budgetMs / 60_000}-minute budget before fault ${i + 1}`);
        if (planned.underLoad && !load) load = startSteadyLoad(stack, conversations, user, 1);
        if (!planned.underLoad && load) await load.stop().then(() => (load = null));
        await sleep(planned.leadMs);
        say(
          `fault ${i + 1}/${plan.length}: ${planned.kind} — ${KINDS[planned.kind].what}${load ? ' (under load)' : ''}`,
        );
        const fault = await INJECT[planned.kind](target);
        truth.push(fault);
        // Spaced so scoring is unambiguous: the matching window ends, and every incident has resolved.
        const windowEnds = fault.endedAt.getTime() + SHAPE.tailMs;
        await sleep(Math.max(0, windowEnds - Date.now()));
        await until('every incident resolved', 180_000, async () =>
          (await db.query(`SELECT 1 FROM incident WHERE status = 'OPEN'`)).rowCount === 0 ? true : null,
        ).catch((error: Error) => say(`⚠ ${error.message}`));
      }
    } catch (error) {
      if (truth.length > 0) await report((error as Error).message).catch(() => undefined);
      throw error;
    }
    if (load) await (load as SteadyLoad).stop();
    const steady = load as SteadyLoad | null;
    load = null;
    const score = await report(null);
    if (steady)
      console.log(
        `\nsteady load (last stretch): webhooks ${steady.webhooks.sent} sent / ${steady.webhooks.acknowledged.size} acknowledged, beacons ${steady.beacons.sent} sent / ${steady.beacons.acknowledged.size} recorded`,
      );
    const failed = score.missed + score.falseIncidents + score.misBlamed > 0;
    if (failed) console.log('\n✖ the monitor was wrong (see above)');
    else if (score.notObserved > 0)
      console.log(
        `\n✖ ${score.notObserved} fault(s) not observed: the monitor ran too few counted runs within --max-hold (see above)`,
      );
    else console.log('\n✔ 0 missed, 0 not observed, 0 false, 0 mis-blamed');
    return failed ? 1 : score.notObserved > 0 ? 2 : 0;
  } finally {
    if (load) await (load as SteadyLoad).stop().catch(() => undefined);
    await admin.end().catch(() => undefined);
    await db.end().catch(() => undefined);
    await stack.stop();
    if (!existsSync(chromiumLink)) symlinkSync(chromium, chromiumLink);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench:truth failed: ${(error as Error).stack ?? String(error)}`);
    process.exit(2);
  },
);
