import type { Logger } from 'pino';
import type { Db } from '../../db/client';
import { addDays, dayKey, eachDay, parseDay } from '../time';
import { computeDailyFigures } from './compute-daily-figures';
import { settledBefore } from './settled';

/** Days rolled up per transaction: a first run over months of history commits as it goes. */
const CHUNK_DAYS = 7;

const asDate = (day: string) => parseDay(day)!;

/** The first day with any data, or null for an empty database. */
async function firstDataDay(db: Db): Promise<Date | null> {
  const [row] = await db.$queryRaw<{ first: Date | null }[]>`
    SELECT LEAST(
      (SELECT min("startedAt") FROM check_run),
      (SELECT min("sentAt") FROM message),
      (SELECT min("receivedAt") FROM vendor_event),
      (SELECT min("sendAt") FROM email)) AS first`;
  return row?.first ?? null;
}

/** Writes the figures of [from, to) and marks each of those days final, in one transaction. */
export async function rollUpDays(db: Db, from: Date, to: Date): Promise<void> {
  const days = eachDay(from, to).map((d) => d);
  await db.$transaction(
    async (tx) => {
      const figures = await computeDailyFigures(tx, from, to);
      const range = { gte: from, lt: to };
      await tx.reportDailyComponent.deleteMany({ where: { day: range } });
      await tx.reportDailyVendor.deleteMany({ where: { day: range } });
      await tx.reportDailyEmail.deleteMany({ where: { day: range } });
      await tx.reportDailyComponent.createMany({ data: figures.components.map((c) => ({ ...c, day: asDate(c.day) })) });
      await tx.reportDailyVendor.createMany({ data: figures.vendors.map((v) => ({ ...v, day: asDate(v.day) })) });
      await tx.reportDailyEmail.createMany({ data: figures.emails.map((e) => ({ ...e, day: asDate(e.day) })) });
      await tx.reportRollupDay.createMany({ data: days.map((day) => ({ day })), skipDuplicates: true });
    },
    { timeout: 120_000 },
  );
}

/**
 * Rolls up every settled day after the last one rolled up (from the first data on an empty table). Usually
 * nothing or one day; a first run over long history works through it a week at a time. Returns the days done.
 */
export async function rollUpSettledDays({
  db,
  log,
  now = new Date(),
}: {
  db: Db;
  log: Logger;
  now?: Date;
}): Promise<string[]> {
  const until = settledBefore(now);
  const last = await db.reportRollupDay.findFirst({ orderBy: { day: 'desc' }, select: { day: true } });
  const start = last ? addDays(last.day, 1) : await firstDataDay(db);
  if (!start) return [];
  const done: string[] = [];
  for (let from = parseDay(dayKey(start))!; from < until; from = addDays(from, CHUNK_DAYS)) {
    const to = addDays(from, CHUNK_DAYS) < until ? addDays(from, CHUNK_DAYS) : until;
    const began = performance.now();
    await rollUpDays(db, from, to);
    log.info(
      { from: dayKey(from), to: dayKey(to), ms: Math.round(performance.now() - began) },
      'reports: rolled up settled days',
    );
    done.push(...eachDay(from, to).map(dayKey));
  }
  return done;
}
