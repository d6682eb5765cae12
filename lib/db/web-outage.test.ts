import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { errorResponse } from '../http/error-response';
import { DatabaseOutage } from './outage';
import { DatabaseUnavailableError } from './unavailable';
import { createWebOutage, unavailableResponses } from './web-outage';

// A database outage in the web process: every 503 is counted, the outage itself is logged once when it starts
// and once when it ends (not one warn line with a stack per refused request). Pure control flow: the probe and
// the clock are doubles.

function logCapture() {
  const lines: { msg: string; level: number; err?: unknown }[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines };
}

const count = async (surface: string) =>
  (await unavailableResponses().get()).values.find((v) => v.labels.surface === surface)?.value ?? 0;

describe('web outage tracking', () => {
  it('logs an outage once, counts every refusal, and ends it when the probe gets an answer', async () => {
    const { log, lines } = logCapture();
    const recorded: { process: string }[] = [];
    let databaseUp = false;
    let probes = 0;
    const waits: (() => void)[] = [];
    const tracker = createWebOutage({
      outage: new DatabaseOutage('web', async (finished) => void recorded.push(finished), log),
      probe: async () => {
        probes++;
        if (!databaseUp) throw new Error('connect ECONNREFUSED');
      },
      sleep: () => new Promise<void>((resolve) => waits.push(resolve)),
    });
    const before = await count('page');
    for (let i = 0; i < 25; i++) tracker.note(new Error('Connection terminated unexpectedly'), 'page');
    expect(await count('page')).toBe(before + 25);
    expect(lines.filter((l) => l.level >= 40).map((l) => l.msg)).toEqual([
      'database unavailable; waiting and reconnecting with back-off',
    ]);
    expect(waits).toHaveLength(1); // one probe loop, not one per refusal

    waits.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(probes).toBe(1);
    expect(tracker.isDown).toBe(true);
    databaseUp = true;
    waits.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(tracker.isDown).toBe(false);
    expect(recorded).toHaveLength(1);
    expect(lines.filter((l) => l.level >= 40).map((l) => l.msg)).toEqual([
      'database unavailable; waiting and reconnecting with back-off',
      'database available again',
    ]);

    // The next outage is a new one: logged again.
    tracker.note(new Error('Connection terminated unexpectedly'), 'api');
    expect(lines.filter((l) => l.level >= 50)).toHaveLength(2);
  });

  it('answers a database 503 with Retry-After, counted, without a warn or error line per request', async () => {
    const { log, lines } = logCapture();
    const before = await count('api');
    for (let i = 0; i < 5; i++) {
      const response = errorResponse(new DatabaseUnavailableError('The database is unavailable'), `req-${i}`, log);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    }
    expect(await count('api')).toBe(before + 5);
    expect(lines.filter((l) => l.level >= 40)).toEqual([]);
    expect(lines.filter((l) => 'err' in l)).toEqual([]);
  });
});
