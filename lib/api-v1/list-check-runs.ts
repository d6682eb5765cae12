import type { z } from 'zod';
import type { Db } from '../db/client';
import type { Prisma } from '../db/generated/client';
import { decodeCursor, encodeCursor } from './cursor';
import type { checkRun, checkRunsQuery } from './schemas';

/** Every check name, by a loose index scan of (check, startedAt): one index probe per name, not a table scan. */
async function distinctChecks(db: Db): Promise<string[]> {
  const rows = await db.$queryRaw<{ v: string }[]>`
    WITH RECURSIVE c AS (
      SELECT min("check") AS v FROM check_run
      UNION ALL
      SELECT (SELECT min("check") FROM check_run WHERE "check" > c.v) FROM c WHERE c.v IS NOT NULL
    )
    SELECT v FROM c WHERE v IS NOT NULL`;
  return rows.map((r) => r.v);
}

const STATUS = { passed: 'PASSED', failed: 'FAILED', running: 'RUNNING' } as const;

/**
 * Check runs, newest first, keyset-paginated on (startedAt, id). Without a check name it reads each check's
 * newest runs through the (check, startedAt) index and merges them, instead of sorting the whole table.
 */
export async function listApiCheckRuns(
  db: Db,
  query: z.output<typeof checkRunsQuery>,
): Promise<{ data: z.input<typeof checkRun>[]; nextCursor: string | null }> {
  const base: Prisma.CheckRunWhereInput = {
    ...(query.status ? { status: STATUS[query.status] } : {}),
    ...(query.component ? { components: { has: query.component } } : {}),
    startedAt: {
      ...(query.from ? { gte: new Date(query.from) } : {}),
      ...(query.to ? { lt: new Date(query.to) } : {}),
    },
  };
  if (query.cursor) {
    const { at, id } = decodeCursor(query.cursor);
    base.OR = [{ startedAt: { lt: at } }, { startedAt: at, id: { lt: id } }];
  }
  const checks = query.check ? [query.check] : await distinctChecks(db);
  const perCheck = await Promise.all(
    checks.map((check) =>
      db.checkRun.findMany({
        where: { ...base, check },
        orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
        take: query.limit + 1,
      }),
    ),
  );
  const rows = perCheck
    .flat()
    .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    data: items.map((r) => ({
      id: r.id,
      check: r.check,
      trigger: r.trigger.toLowerCase() as 'scheduled' | 'confirmation' | 'manual',
      attempt: r.attempt,
      counted: r.counted,
      status: r.status.toLowerCase() as 'running' | 'passed' | 'failed',
      startedAt: r.startedAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
      durationMs: r.durationMs,
      timedOut: r.timedOut,
      components: r.components,
      failedComponent: r.failedComponent,
      failedStep: r.failedStep,
      error: r.error,
      incidentId: r.incidentId,
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.startedAt, last.id) : null,
  };
}
