// `npm run bench:webhooks:profile`: the webhook route alone under load with the web process's CPU profiled
// (node --cpu-prof), then the heaviest functions by self time — to see where the time goes.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { readCpuProfile, summarizeCpuProfile } from './cpu-profile';
import { percentile, postAtFixedRate } from './fixed-rate';
import { postEvents, signedEvents } from './webhook-load';
import { BENCH_PORTS, root, startBenchProcess, startWebhookBenchStack, waitForPost } from './webhook-stack';

const MODE = process.env.PROFILE_MODE ?? 'max'; // max: 16 connections flat out · rate: 500 events/s, open loop
const SECONDS = Number(process.env.PROFILE_SECONDS ?? 10);
const TOP = Number(process.env.PROFILE_TOP ?? 25);
const profileDir = path.join(root, '.data', 'bench', 'profile');
const log = (line: string) => process.stdout.write(`profile | ${line}\n`);

const { pg, secret, env, nextBin } = await startWebhookBenchStack(log);
try {
  rmSync(profileDir, { recursive: true, force: true });
  mkdirSync(profileDir, { recursive: true });
  const web = startBenchProcess(
    'web',
    ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, nextBin, 'start', '-p', String(BENCH_PORTS.web), '-H', '127.0.0.1'],
    env,
  );
  // PROFILE_ROUTE=baseline profiles the bare JSON route instead, for a per-request comparison with the same build.
  const route = process.env.PROFILE_ROUTE === 'baseline' ? '/api/bench/baseline' : '/api/webhooks/chat';
  const url = `http://127.0.0.1:${BENCH_PORTS.web}${route}`;
  let requests = 0;
  await waitForPost(url);
  await postEvents(url, signedEvents(secret, 20_000, 'warm'), { connections: 16, seconds: 5 });
  const loadStarted = performance.now();
  if (MODE === 'rate') {
    const fixed = await postAtFixedRate(url, signedEvents(secret, 500 * SECONDS, 'rate'), {
      rate: 500,
      seconds: SECONDS,
    });
    requests = fixed.sent;
    log(
      `fixed 500/s: p50 ${percentile(fixed.latencies, 50).toFixed(1)} ms, p99 ${percentile(fixed.latencies, 99).toFixed(1)} ms, ${fixed.failed} failed`,
    );
  } else {
    const max = await postEvents(url, signedEvents(secret, SECONDS * 3000, 'max'), {
      connections: 16,
      seconds: SECONDS,
    });
    requests = max.result['2xx'] + max.result.non2xx;
    log(
      `max: ${(max.result['2xx'] / max.result.duration).toFixed(0)} events/s, p50 ${max.result.latency.p50} ms, p99 ${max.result.latency.p99} ms`,
    );
  }
  const loadEnded = performance.now();
  const exited = new Promise((resolve) => web.once('exit', resolve));
  web.kill('SIGINT');
  const killer = setTimeout(() => web.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(killer);
  // The profile ends when the process exits: count back from there to the window the load ran in.
  const tailMicros = (performance.now() - loadEnded) * 1000;
  const loadMicros = (loadEnded - loadStarted) * 1000;
  const { file, profile } = readCpuProfile(profileDir);
  summarizeCpuProfile(
    profile,
    {
      from: profile.endTime - tailMicros - loadMicros,
      to: profile.endTime - tailMicros,
      count: requests,
      unit: 'request',
    },
    { root, top: TOP, log },
  );
  log(`full profile: ${file} (open in Chrome DevTools › Performance)`);
} finally {
  await pg.stop();
}
