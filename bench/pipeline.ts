// `npm run bench:pipeline [-- --events 5000 --conversations 20 --rate 500 --connections 16]`: a stack of its own (web
// 3500, sandbox 4500, metrics 9864, PostgreSQL 54379; data and build in .data/bench/pipeline) with the worker
// running and emails going to the sandbox. Ingests N signed message.sent events across K conversations, at the
// maximum rate (closed loop) or at `--rate` events/s (open loop, bench/fixed-rate.ts), and prints in the same run:
// ingest events/s, processed events/s, emails sent/s, peak backlog, last acknowledgement → last processed event,
// processed ÷ ingested; then verifies exactly-once (events, messages, emails, mailbox). Exits 1 when a target
// (docs/benchmarks.md § Pipeline) is missed or anything is lost or doubled.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startStack } from '../scripts/lib/stack';
import { readCpuProfile, summarizeCpuProfile } from './cpu-profile';
import { postAtFixedRate } from './fixed-rate';
import { postAllClosedLoop } from './pipeline/closed-loop';
import { cpuBetween, cpuSnapshot } from './pipeline/cpu';
import { makeBenchConversations, pipelineEvents } from './pipeline/events';
import { sampleBacklog, verifyExactlyOnce, waitUntil } from './pipeline/measure';

const root = path.resolve(import.meta.dirname, '..');
const PORTS = {
  web: Number(process.env.PIPELINE_WEB_PORT ?? 3500),
  sandbox: Number(process.env.PIPELINE_SANDBOX_PORT ?? 4500),
  metrics: Number(process.env.PIPELINE_METRICS_PORT ?? 9864),
  pg: Number(process.env.PIPELINE_PG_PORT ?? 54379),
};
const TARGET = { ratio: 1.0, drainMs: 5000, atRate: 500 };
const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '5000' },
    conversations: { type: 'string', default: '20' },
    rate: { type: 'string' },
    connections: { type: 'string', default: '16' },
    // `--profile worker` (or web, sandbox, monitor): that process runs under `node --cpu-prof`; its self time over
    // the run (first request → emails settled) is printed per event after the stack stops.
    profile: { type: 'string' },
  },
});
const PROFILED = ['web', 'sandbox', 'worker', 'monitor'] as const;
type Profiled = (typeof PROFILED)[number];
if (args.profile !== undefined && !PROFILED.includes(args.profile as Profiled))
  throw new Error(`--profile must be one of ${PROFILED.join(', ')}`);
const profiled = args.profile as Profiled | undefined;
const N = Number(args.events);
const K = Number(args.conversations);
const rate = args.rate ? Number(args.rate) : undefined;
const log = (line: string) => process.stdout.write(`\x1b[1mpipeline |\x1b[0m ${line}\n`);
const perSecond = (count: number, fromMs: number, toMs: number) =>
  toMs > fromMs ? (count * 1000) / (toMs - fromMs) : 0;

async function main(): Promise<number> {
  const dataDir = path.join(root, '.data', 'bench', 'pipeline');
  rmSync(path.join(dataDir, 'pg'), { recursive: true, force: true });
  const profileDir = path.join(dataDir, 'profile');
  rmSync(profileDir, { recursive: true, force: true });
  if (profiled) mkdirSync(profileDir, { recursive: true });
  log(
    `${N} events over ${K} conversations, ${rate ? `${rate}/s open loop` : `max rate, ${args.connections} connections`}`,
  );
  log(
    `ports web ${PORTS.web}, sandbox ${PORTS.sandbox}, metrics ${PORTS.metrics}, PostgreSQL ${PORTS.pg}; worker: ` +
      `WORKER_CONCURRENCY=${process.env.WORKER_CONCURRENCY ?? '(default)'} VENDOR_EVENT_BATCH_SIZE=${process.env.VENDOR_EVENT_BATCH_SIZE ?? '(default)'}`,
  );
  const stack = await startStack({
    name: 'pipeline',
    dataDir,
    webPort: PORTS.web,
    sandboxPort: PORTS.sandbox,
    metricsPort: PORTS.metrics,
    pgPort: PORTS.pg,
    database: 'chatwatch_pipeline',
    seed: false,
    distDir: '.data/bench/pipeline/next',
    nodeArgs: profiled ? { [profiled]: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] } : undefined,
    // No browser journey (load of its own); unread emails at once, so every message's email is sent in the run.
    env: {
      NODE_ENV: 'production',
      MONITOR_CHECKS: 'vendor-api',
      UNREAD_EMAIL_DELAY_SECONDS: '0',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      LOG_PRETTY: 'false',
    },
  });
  const db = new pg.Pool({ connectionString: stack.databaseUrl, max: 2 });
  // Wall-clock times (ms) of the profiled window; mapped onto the profile's clock from its end (the process's exit).
  let profileWindow: { from: number; to: number; events: number } | undefined;
  try {
    const conversations = await makeBenchConversations(stack.databaseUrl, K);
    const events = pipelineEvents(stack.env.VENDOR_WEBHOOK_SECRET!, conversations, N);
    const url = `${stack.urls.app}/api/webhooks/chat`;
    const sampler = sampleBacklog(
      db,
      events.map((e) => e.id),
    );
    const pgData = path.join(dataDir, 'pg');
    const processes = () => ({
      web: stack.pid('web'),
      worker: stack.pid('worker'),
      sandbox: stack.pid('sandbox'),
      monitor: stack.pid('monitor'),
    });
    const cpuBefore = cpuSnapshot(processes(), pgData);
    const loadBefore = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    let startedAt: number;
    let lastAckAt: number;
    let acknowledged: string[];
    let failures: Record<string, number>;
    if (rate) {
      startedAt = Date.now();
      const result = await postAtFixedRate(url, events, { rate, seconds: N / rate });
      // The last 2xx, not the end of the run: refused requests time out up to 10 s later.
      ({ acknowledged, lastAckAt, failureReasons: failures } = result);
    } else {
      const result = await postAllClosedLoop(url, events, Number(args.connections));
      ({ startedAt, lastAckAt, acknowledged, failureReasons: failures } = result);
    }
    log(
      `ingested: ${acknowledged.length}/${N} acknowledged${Object.keys(failures).length ? ` (refused: ${JSON.stringify(failures)})` : ''}`,
    );
    const acked = new Set(acknowledged);
    const ackedEvents = events.filter((e) => acked.has(e.id));
    const drained = await waitUntil(async () => {
      const last = sampler.samples.at(-1);
      return last !== undefined && last.at > lastAckAt && last.processed >= ackedEvents.length;
    }, 600_000);
    await sampler.stop();
    const cpu = cpuBetween(cpuBefore, cpuSnapshot(processes(), pgData));
    const loadAfter = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    const emailsSettled = await waitUntil(async () => {
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM email WHERE "conversationId" = ANY($1::uuid[]) AND status IN ('QUEUED', 'SENDING') AND "sendAt" <= now()`,
        [conversations.map((c) => c.id)],
      );
      return rows[0]!.n === 0;
    }, 300_000);
    profileWindow = { from: startedAt, to: Date.now(), events: ackedEvents.length };
    const check = await verifyExactlyOnce(db, ackedEvents);
    const peak = Math.max(0, ...sampler.samples.map((s) => s.backlog));
    // Each rate over its own window: acknowledged events per second of the ingest window (first request → last
    // acknowledgement) against processed events per second of the processing window (first → last event
    // processed). The processing window is the ingest window shifted by the pipeline's delay, stretched by any
    // backlog left at the end: ratio ≥ 1.0 ⇔ the delay at the end (drain: last ack → last processed) is no
    // longer than at the start (lag: first request → first processed), i.e. no backlog built up. (Timed from the
    // first request, as before, the ratio is T ÷ (T + drain): below 1.0 whenever the last event is processed
    // after the last acknowledgement, however fast the worker.)
    const ingestRate = perSecond(ackedEvents.length, startedAt, lastAckAt);
    const processedRate = perSecond(check.events.processed, check.firstProcessedAt, check.lastProcessedAt);
    const endToEndRate = perSecond(check.events.processed, startedAt, check.lastProcessedAt);
    const emailRate = check.lastSentAt ? perSecond(check.mailbox.delivered, startedAt, check.lastSentAt) : 0;
    const drainMs = check.lastProcessedAt - lastAckAt;
    const lagMs = check.firstProcessedAt - startedAt;
    const firstStoredMs = check.firstReceivedAt - startedAt;
    const ratio = ingestRate > 0 ? processedRate / ingestRate : 0;
    // What one CPU-second of each process carries: the rate each could reach with a core to itself.
    const perCpuSecond = (name: string) => (cpu[name] ? (ackedEvents.length / cpu[name]).toFixed(0) : '—');
    const table = [
      [
        'ingest events/s (first request → last ack)',
        `${ingestRate.toFixed(1)}   (${ackedEvents.length} in ${((lastAckAt - startedAt) / 1000).toFixed(2)} s)`,
      ],
      [
        'processed events/s (first → last processed)',
        `${processedRate.toFixed(1)}   (${check.events.processed} in ${((check.lastProcessedAt - check.firstProcessedAt) / 1000).toFixed(2)} s)`,
      ],
      ['processed ÷ ingested', ratio.toFixed(3)],
      [
        'first request → first processed (lag)',
        `${(lagMs / 1000).toFixed(2)} s   (first event stored after ${(firstStoredMs / 1000).toFixed(2)} s)`,
      ],
      ['last ack → last processed (drain)', `${(drainMs / 1000).toFixed(2)} s`],
      ['end to end events/s (first request → last processed)', endToEndRate.toFixed(1)],
      ['emails sent/s', emailRate.toFixed(1)],
      ['peak backlog (events)', String(peak)],
      [
        'events per CPU-second: web / worker / postgres',
        `${perCpuSecond('web')} / ${perCpuSecond('worker')} / ${perCpuSecond('postgres')}`,
      ],
      [
        'events acked/stored/processed/dup',
        `${check.events.acknowledged}/${check.events.stored}/${check.events.processed}/${check.events.duplicated}`,
      ],
      [
        'messages expected/recorded/dup',
        `${check.messages.expected}/${check.messages.recorded}/${check.messages.duplicated}`,
      ],
      [
        'emails owed/once/missing/dup/to sender',
        `${check.emails.owed}/${check.emails.listedOnce}/${check.emails.missing}/${check.emails.duplicated}/${check.emails.toSender}`,
      ],
      [
        'mailbox emails/delivered/twice',
        `${check.mailbox.emails}/${check.mailbox.delivered}/${check.mailbox.deliveredTwice}`,
      ],
    ];
    const width = Math.max(...table.map(([k]) => k!.length));
    console.log(`\nPipeline benchmark — ${N} events, ${K} conversations, ${rate ? `${rate}/s` : 'max rate'}\n`);
    console.log(table.map(([k, v]) => `  ${k!.padEnd(width)}  ${v}`).join('\n'));
    console.log(
      `\n  CPU seconds from the first request to the last event processed (ms per event): ${Object.entries(cpu)
        .map(([name, s]) => `${name} ${s.toFixed(1)} (${((s * 1000) / Math.max(1, ackedEvents.length)).toFixed(2)})`)
        .join(', ')}`,
    );
    console.log(`  machine load average (1/5/15 min) before ${loadBefore}, after ${loadAfter}; cores ${cpus().length}`);
    const missed: string[] = [];
    if (!drained) missed.push('the backlog did not drain within 10 minutes');
    if (!emailsSettled) missed.push('emails still queued 5 minutes after processing');
    if (check.events.stored !== check.events.acknowledged || check.events.duplicated)
      missed.push('events lost or duplicated');
    if (check.events.processed !== check.events.acknowledged) missed.push('events not processed');
    if (check.messages.recorded !== check.messages.expected || check.messages.duplicated)
      missed.push('messages lost or duplicated');
    if (check.emails.missing || check.emails.duplicated || check.emails.toSender)
      missed.push('emails missing, duplicated or to the sender');
    if (check.mailbox.delivered !== check.mailbox.emails || check.mailbox.deliveredTwice)
      missed.push('mailbox: emails missing or delivered twice');
    if (ratio < TARGET.ratio) missed.push(`processed ÷ ingested ${ratio.toFixed(3)} < ${TARGET.ratio}`);
    // The drain target is set at 500/s: a run whose app acknowledged less did not test it.
    if (rate && rate >= TARGET.atRate && ingestRate < 0.95 * rate)
      missed.push(`the app acknowledged ${ingestRate.toFixed(0)} events/s of the ${rate}/s sent: 500/s not reached`);
    if (rate && rate >= TARGET.atRate && drainMs > TARGET.drainMs)
      missed.push(
        `backlog drained ${(drainMs / 1000).toFixed(1)} s after the last acknowledgement (target ≤ ${TARGET.drainMs / 1000} s)`,
      );
    console.log(
      missed.length ? `\n✖ ${missed.join('\n✖ ')}` : '\n✔ targets met; every event, message and email exactly once',
    );
    return missed.length ? 1 : 0;
  } finally {
    await db.end().catch(() => undefined);
    const exitedAt = profiled ? watchExit(stack.pid(profiled)) : undefined;
    await stack.stop();
    if (profiled && profileWindow && exitedAt) printProfile(profileDir, profileWindow, await exitedAt);
  }
}

/** When the process `pid` is gone (polled every 20 ms; it writes its CPU profile on the way out). */
function watchExit(pid: number | undefined): Promise<number> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      try {
        if (pid) process.kill(pid, 0);
      } catch {
        clearInterval(timer);
        resolve(Date.now());
      }
      if (!pid) {
        clearInterval(timer);
        resolve(Date.now());
      }
    }, 20);
  });
}

function printProfile(dir: string, window: { from: number; to: number; events: number }, exitedAt: number): void {
  const { file, profile } = readCpuProfile(dir);
  console.log(`
CPU profile of the ${profiled} process, first request → emails settled, per event:`);
  summarizeCpuProfile(
    profile,
    {
      from: profile.endTime - (exitedAt - window.from) * 1000,
      to: profile.endTime - (exitedAt - window.to) * 1000,
      count: window.events,
      unit: 'event',
    },
    { root, top: Number(process.env.PROFILE_TOP ?? 30), log: (line) => console.log(`  ${line}`) },
  );
  console.log(`  full profile: ${file} (Chrome DevTools › Performance)`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
