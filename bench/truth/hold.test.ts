import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/db';
import { holdForCountedRuns } from './hold';

// The truth bench holds a vendor fault until two counted runs of the check it is aimed at have ended after the
// injection, read from the monitor's real check_run table — not for a fixed time a loaded host can outrun.

let pool: pg.Pool;
let tick = 0;

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: await createTestDatabase(), max: 3 });
});
afterAll(async () => {
  await pool?.end();
});

/** One check_run row as the monitor's runner writes it (record-run.ts): RUNNING until finished, counted or not. */
async function run(input: { check?: string; counted: boolean; startedAt: Date; finished: boolean; attempt?: number }) {
  const id = randomUUID();
  await pool.query(
    `INSERT INTO check_run (id, "check", trigger, "scheduledFor", attempt, counted, status, "startedAt", "finishedAt", components, "instanceId")
     VALUES ($1, $2, 'SCHEDULED', $3, $4, $5, $6, $7, $8, '{}', 'truth-test')`,
    [
      id,
      input.check ?? 'chat-journey',
      new Date(Date.UTC(2030, 0, 1, 0, 0, ++tick)),
      input.attempt ?? 1,
      input.counted,
      input.finished ? 'FAILED' : 'RUNNING',
      input.startedAt,
      input.finished ? new Date(input.startedAt.getTime() + 1000) : null,
    ],
  );
  return id;
}

describe('holdForCountedRuns', () => {
  it('holds until the second counted run of the aimed check that started after the injection has ended', async () => {
    const since = new Date(Date.now() - 60_000);
    const after = (s: number) => new Date(since.getTime() + s * 1000);
    // None of these may end the hold: started before the injection, another check, a first attempt that was
    // retried (not counted), a counted run still running.
    await run({ counted: true, startedAt: new Date(since.getTime() - 5000), finished: true });
    await run({ check: 'vendor-api', counted: true, startedAt: after(1), finished: true });
    await run({ counted: false, startedAt: after(2), finished: true });
    await run({ counted: true, startedAt: after(3), finished: false });
    const first = await run({ counted: true, startedAt: after(4), finished: true, attempt: 2 });

    let settled = false;
    const reads: number[] = [];
    let secondRead: () => void = () => undefined;
    const twoReads = new Promise<void>((resolve) => (secondRead = resolve));
    const hold = holdForCountedRuns(pool, {
      check: 'chat-journey',
      since,
      runs: 2,
      maxMs: 60_000,
      everyMs: 50,
      onRead: (ended) => {
        reads.push(ended);
        if (reads.length === 2) secondRead();
      },
    }).finally(() => (settled = true));

    // Two reads of one ended run: the hold went on past the state where only one counted run had ended.
    await Promise.race([
      twoReads,
      hold.then((r) => {
        throw new Error(`the hold ended with one counted run ended: ${JSON.stringify(r)}`);
      }),
    ]);
    expect(reads).toEqual([1, 1]);
    expect(settled).toBe(false);

    const second = await run({ counted: true, startedAt: after(20), finished: true });
    const result = await hold;
    expect(result).toMatchObject({ observed: true, runIds: [first, second] });
  });

  it('ends at the bound and says the fault was not observed, with the reason', async () => {
    const since = new Date();
    await pool.query(`UPDATE check_run SET "check" = 'done' WHERE "check" = 'chat-journey'`);
    await run({ counted: true, startedAt: new Date(since.getTime() + 1000), finished: true });
    const result = await holdForCountedRuns(pool, { check: 'chat-journey', since, runs: 2, maxMs: 2000, everyMs: 100 });
    expect(result).toMatchObject({
      observed: false,
      reason: '1 of 2 counted chat-journey runs ended within the 2 s max hold',
    });
    expect(result.heldMs).toBeGreaterThanOrEqual(2000);
  });
});
