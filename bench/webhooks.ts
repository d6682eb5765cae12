// `npm run bench:webhooks`: POST /api/webhooks/chat under load against the production build, with the
// framework's and the database's ceilings measured in the same run (see docs/benchmarks.md).
import { loadavg } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { Result } from 'autocannon';
import { percentile, postAtFixedRate } from './fixed-rate';
import { verifyIngest } from './verify-ingest';
import { postBare, postEvents, signedEvents } from './webhook-load';
import { BENCH_PORTS as PORTS, root, startBenchProcess, startWebhookBenchStack, waitForPost } from './webhook-stack';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const RATE = 500;
const log = (line: string) => process.stdout.write(`bench | ${line}\n`);

interface Series {
  ok: number;
  seconds: number;
  non2xx: number;
  errors: number;
  p50s: number[];
  p99s: number[];
}
const series = (): Series => ({ ok: 0, seconds: 0, non2xx: 0, errors: 0, p50s: [], p99s: [] });
function add(x: Series, r: Result): void {
  x.ok += r['2xx'];
  x.seconds += r.duration;
  x.non2xx += r.non2xx;
  x.errors += r.errors;
  x.p50s.push(r.latency.p50);
  x.p99s.push(r.latency.p99);
}
const rate = (x: Series) => x.ok / x.seconds;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const { pg, dbUrl, secret, env, nextBin } = await startWebhookBenchStack(log);
const children: ChildProcess[] = [];
try {
  children.push(startBenchProcess('web', [nextBin, 'start', '-p', String(PORTS.web), '-H', '127.0.0.1'], env));
  children.push(
    startBenchProcess('bare', ['--import', 'tsx', path.join(root, 'bench/bare-pg-server.ts')], {
      ...env,
      BENCH_DATABASE_URL: dbUrl,
      BENCH_BARE_PORT: String(PORTS.bare),
    }),
  );
  const web = `http://127.0.0.1:${PORTS.web}`;
  const webhookUrl = `${web}/api/webhooks/chat`;
  await waitForPost(`${web}/api/bench/baseline`);
  await waitForPost(`http://127.0.0.1:${PORTS.bare}/`);

  const rounds = ROUNDS;
  const slice = Math.max(2, Math.round(SECONDS / rounds));
  log(
    `warming up (5 s each), then ${rounds} interleaved rounds of ${slice} s per target at ${CONNECTIONS} connections`,
  );
  await postEvents(webhookUrl, signedEvents(secret, 20_000, 'warm'), { connections: CONNECTIONS, seconds: 5 });
  await postBare(`${web}/api/bench/baseline`, signedEvents(secret, 20_000, 'warmb'), {
    connections: CONNECTIONS,
    seconds: 5,
  });

  // Interleaved, so the load other processes put on this shared machine falls on all three targets alike.
  const loadBefore = loadavg()[0]!;
  const webhook = series();
  const bareRoute = series();
  const barePg = series();
  const acknowledged: string[] = [];
  for (let round = 1; round <= rounds; round++) {
    add(
      bareRoute,
      await postBare(`${web}/api/bench/baseline`, signedEvents(secret, slice * 4000, `route${round}`), {
        connections: CONNECTIONS,
        seconds: slice,
      }),
    );
    const max = await postEvents(webhookUrl, signedEvents(secret, slice * 4000, `max${round}`), {
      connections: CONNECTIONS,
      seconds: slice,
    });
    add(webhook, max.result);
    acknowledged.push(...max.acknowledged);
    add(
      barePg,
      await postBare(`http://127.0.0.1:${PORTS.bare}/`, signedEvents(secret, slice * 12_000, `pg${round}`), {
        connections: CONNECTIONS,
        seconds: slice,
      }),
    );
  }
  // Fixed rate, open loop: each request leaves when it is due and is timed from then (./fixed-rate.ts).
  const fixed = await postAtFixedRate(webhookUrl, signedEvents(secret, RATE * SECONDS, 'rate'), {
    rate: RATE,
    seconds: SECONDS,
  });
  // The same schedule against both ceilings, so a tail caused by the machine (disk flushes, other processes)
  // shows up in them too and is not taken for the webhook's own.
  const fixedRoute = await postAtFixedRate(`${web}/api/bench/baseline`, signedEvents(secret, RATE * 10, 'rate-route'), {
    rate: RATE,
    seconds: 10,
  });
  const fixedPg = await postAtFixedRate(`http://127.0.0.1:${PORTS.bare}/`, signedEvents(secret, RATE * 10, 'rate-pg'), {
    rate: RATE,
    seconds: 10,
  });
  const loadAfter = loadavg()[0]!;
  const check = await verifyIngest(dbUrl, [...acknowledged, ...fixed.acknowledged]);

  const fixedP50 = percentile(fixed.latencies, 50);
  const fixedP99 = percentile(fixed.latencies, 99);
  const ok = check.lost + check.duplicated + check.jobsMissing + check.jobsDuplicated === 0 && fixed.failed === 0;
  const line = (label: string, x: Series, unit: string) =>
    `  ${label.padEnd(36)} ${fmt(rate(x)).padStart(6)} ${unit}   p50 ${fmt(median(x.p50s), 1)} ms   p99 ${fmt(Math.max(...x.p99s), 1)} ms`;
  const lines = [
    '',
    `Webhook ingestion benchmark — production build, ${CONNECTIONS} connections, ${rounds} interleaved rounds × ${slice} s per target`,
    `(2 cores shared with other work: 1-min load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after; p50 = median of the rounds, p99 = worst round)`,
    '',
    `${line('webhook route, max throughput', webhook, 'events/s')}   (${fmt(webhook.ok)} acknowledged, ${webhook.non2xx} non-2xx, ${webhook.errors} errors)`,
    `  ${`webhook route, fixed ${RATE}/s (open loop)`.padEnd(36)} ${fmt(fixed.acknowledged.length / fixed.seconds).padStart(6)} events/s   p50 ${fmt(fixedP50, 1)} ms   p99 ${fmt(fixedP99, 1)} ms   (${fmt(fixed.acknowledged.length)} acknowledged of ${fmt(fixed.sent)}, ${fixed.failed} failed${
      fixed.failed
        ? `: ${Object.entries(fixed.failureReasons)
            .map(([why, n]) => `${n} × ${why}`)
            .join(', ')}`
        : ''
    })`,
    line('(a) bare Next.js route (JSON only)', bareRoute, 'req/s   '),
    line('(b) bare node:http + pg INSERT', barePg, 'req/s   '),
    `  ${`(a) at ${RATE}/s (open loop, 10 s)`.padEnd(36)}                 p50 ${fmt(percentile(fixedRoute.latencies, 50), 1)} ms   p99 ${fmt(percentile(fixedRoute.latencies, 99), 1)} ms`,
    `  ${`(b) at ${RATE}/s (open loop, 10 s)`.padEnd(36)}                 p50 ${fmt(percentile(fixedPg.latencies, 50), 1)} ms   p99 ${fmt(percentile(fixedPg.latencies, 99), 1)} ms`,
    '',
    `  webhook ÷ bare route (framework ceiling)  ${fmt((100 * rate(webhook)) / rate(bareRoute), 1)} %`,
    `  webhook ÷ bare pg (database ceiling)      ${fmt((100 * rate(webhook)) / rate(barePg), 1)} %`,
    '',
    `  verified in PostgreSQL: ${fmt(check.acknowledged)} acknowledged events — lost ${check.lost}, duplicated ${check.duplicated}, job missing ${check.jobsMissing}, job duplicated ${check.jobsDuplicated}`,
    '',
    `  targets: ≥ 1,000 events/s ${rate(webhook) >= 1000 ? 'met' : 'NOT met'} · ≥ 75 % of the bare route ${rate(webhook) >= 0.75 * rate(bareRoute) ? 'met' : 'NOT met'} · p99 ≤ 50 ms at ${RATE}/s ${fixedP99 <= 50 ? 'met' : 'NOT met'} · 0 lost, 0 duplicated ${ok ? 'met' : 'NOT met'}`,
    '',
  ];
  process.stdout.write(lines.join('\n'));
  process.exitCode = ok ? 0 : 1;
} finally {
  for (const child of children) child.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 500));
  await pg.stop();
}
