// `npm run bench:webhooks:profile`: the webhook route alone under load with the web process's CPU profiled
// (node --cpu-prof), then the heaviest functions by self time — to see where the time goes.
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { percentile, postAtFixedRate } from './fixed-rate';
import { postEvents, signedEvents } from './webhook-load';
import { BENCH_PORTS, root, startBenchProcess, startWebhookBenchStack, waitForPost } from './webhook-stack';

const MODE = process.env.PROFILE_MODE ?? 'max'; // max: 16 connections flat out · rate: 500 events/s, open loop
const SECONDS = Number(process.env.PROFILE_SECONDS ?? 10);
const TOP = Number(process.env.PROFILE_TOP ?? 25);
const profileDir = path.join(root, '.data', 'bench', 'profile');
const log = (line: string) => process.stdout.write(`profile | ${line}\n`);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Self time per function and per package over [from, to] µs of the profile's clock (the measured load, not start-up). */
function summarize(profile: CpuProfile, from: number, to: number, requests: number): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at >= from && at <= to) self.set(id, (self.get(id) ?? 0) + delta);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  for (const [id, micros] of self) {
    const frame = byId.get(id)!.callFrame;
    const url = frame.url.replace(/^file:\/\//, '').replace(root + '/', '');
    const area =
      url === ''
        ? `(${frame.functionName || 'native'})`
        : url.includes('node_modules/')
          ? url.replace(/.*node_modules\/((@[^/]+\/)?[^/]+).*/, '$1')
          : url.startsWith('node:')
            ? 'node core'
            : url.split('/').slice(0, 4).join('/');
    byArea.set(area, (byArea.get(area) ?? 0) + micros);
    const name = `${frame.functionName || '(anonymous)'}  ${url}:${frame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  }
  const print = (title: string, map: Map<string, number>) => {
    log(title);
    for (const [name, micros] of [...map].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
      log(
        `  ${((100 * micros) / total).toFixed(1).padStart(5)} %  ${(micros / requests).toFixed(1).padStart(6)} µs/request  ${name.slice(0, 150)}`,
      );
    }
  };
  log(
    `${(total / 1e6).toFixed(1)} s of samples during the load (whole profile ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s)`,
  );
  print('self time by package or folder', byArea);
  print('self time by function', byFunction);
}

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
  const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no CPU profile written to ${profileDir}`);
  const profile = JSON.parse(readFileSync(path.join(profileDir, file), 'utf8')) as CpuProfile;
  summarize(profile, profile.endTime - tailMicros - loadMicros, profile.endTime - tailMicros, Math.max(1, requests));
  log(`full profile: ${path.join(profileDir, file)} (open in Chrome DevTools › Performance)`);
} finally {
  await pg.stop();
}
