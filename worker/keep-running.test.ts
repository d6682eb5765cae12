import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Runner } from 'graphile-worker';
import { DatabaseOutage } from '../lib/db/outage';
import { keepRunning } from './keep-running';

// The worker's runner loop, with graphile-worker's Runner replaced by a double (pure control flow): a runner
// ending with "Connection terminated unexpectedly" (its completeJobs gave up), and run() failing while
// PostgreSQL is down, are an outage to wait out, never a reason for the process to exit.

function logCapture() {
  const lines: { msg: string; level: number }[] = [];
  const log = pino(
    { level: 'debug' },
    { write: (line: string) => void lines.push(JSON.parse(line) as { msg: string; level: number }) },
  );
  return { log, lines };
}

function fakeRunner() {
  let end!: (error?: Error) => void;
  const promise = new Promise<void>((resolve, reject) => (end = (error) => (error ? reject(error) : resolve())));
  promise.catch(() => undefined);
  const runner = { promise, stop: async () => end() } as unknown as Runner;
  return { runner, fail: (error: Error) => end(error) };
}

describe('keepRunning', () => {
  it('starts a new runner after one dies of a lost connection and after run() fails, logging the outage once', async () => {
    const { log, lines } = logCapture();
    const recorded: number[] = [];
    const outage = new DatabaseOutage('worker', async ({ seconds }) => void recorded.push(seconds), log);
    const runners: ReturnType<typeof fakeRunner>[] = [];
    let refusals = 3;
    const started: string[] = [];
    const kept = keepRunning({
      log,
      outage,
      sleep: async () => undefined,
      start: async () => {
        if (runners.length > 0 && refusals-- > 0) {
          started.push('refused');
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        }
        const next = fakeRunner();
        runners.push(next);
        started.push('runner');
        return next.runner;
      },
    });
    await waitUntil(() => runners.length === 1);
    runners[0]!.fail(new Error('Connection terminated unexpectedly'));
    await waitUntil(() => runners.length === 2);
    expect(started).toEqual(['runner', 'refused', 'refused', 'refused', 'runner']);
    expect(lines.filter((l) => l.msg.startsWith('database unavailable')).length).toBe(1);
    expect(lines.filter((l) => l.msg === 'database available again').length).toBe(1);
    expect(recorded).toHaveLength(1);
    await kept.stop();
    expect(kept.starts).toBe(2);
  });

  it('stop() during an outage ends the loop without starting another runner', async () => {
    const { log } = logCapture();
    let attempts = 0;
    const kept = keepRunning({
      log,
      outage: new DatabaseOutage('worker', undefined, log),
      sleep: () => new Promise(() => undefined),
      start: async () => {
        attempts++;
        throw new Error('Connection terminated unexpectedly');
      },
    });
    await waitUntil(() => attempts === 1);
    await kept.stop();
    expect(attempts).toBe(1);
    expect(kept.starts).toBe(0);
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
  if (!condition()) throw new Error('condition never became true');
}
