import { parse } from 'csv-parse/sync';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/db';
import { createDb, type Db } from '../db/client';
import { buildReport, type ReportContext } from './build-report';
import { reportCsvChunks } from './export/report-csv';
import { listLagEvents } from './list-lag-events';
import { parseReportQuery } from './report-query';
import { computeDailyFigures } from './rollup/compute-daily-figures';
import { loadDailyFigures } from './rollup/load-daily-figures';
import { rollUpSettledDays } from './rollup/roll-up-settled-days';
import {
  insertEmail,
  insertIncident,
  insertMessage,
  insertRuns,
  seedConversation,
} from '../../test/support/report-factories';

const t = (iso: string) => new Date(`${iso}Z`);
const log = pino({ level: 'silent' });
const NOW = t('2026-03-10T12:00');
let db: Db;
let ctx: ReportContext;

async function csvOf(query: Record<string, string>) {
  let text = '';
  for await (const chunk of reportCsvChunks({ ctx, input: parseReportQuery(query, NOW), vendor: 'sandbox' }))
    text += chunk;
  return { text, rows: parse(text, { columns: true }) as Record<string, string>[] };
}

/** Three days of history: journey runs with one chat_ui incident, a maintenance window, messages and emails on 03-01. */
async function seedHistory(db: Db) {
  const { conversation, client } = await seedConversation(db);
  // Three days of a journey every 10 minutes that sees chat_ui and webhooks; it fails on chat_ui during the incident.
  const incidentFrom = t('2026-03-01T23:30');
  const incidentTo = t('2026-03-02T00:45');
  await insertRuns(db, {
    check: 'chat-journey',
    components: ['chat_ui', 'webhooks'],
    from: t('2026-03-01T00:00'),
    to: t('2026-03-04T00:00'),
    everyMinutes: 10,
    failing: (at) => (at >= incidentFrom && at < incidentTo ? 'chat_ui' : null),
  });
  await insertIncident(db, {
    component: 'chat_ui',
    startedAt: incidentFrom,
    detectedAt: t('2026-03-01T23:32'),
    recoveredAt: incidentTo,
    faultStartedAt: t('2026-03-01T23:29'),
  });
  await db.maintenanceWindow.create({
    data: {
      component: 'chat_ui',
      startsAt: t('2026-03-02T12:00'),
      endsAt: t('2026-03-02T13:00'),
      reason: 'vendor upgrade',
    },
  });
  // 03-01: 8 messages by webhook (lags 100..800 ms), 2 found by reconciliation.
  for (let i = 0; i < 10; i++) {
    await insertMessage(db, {
      conversationId: conversation.id,
      senderId: client.id,
      sentAt: t(`2026-03-01T10:0${i}`),
      source: i < 8 ? 'WEBHOOK' : 'RECONCILED',
      lagMs: (i + 1) * 100,
    });
  }
  await insertEmail(db, { toUserId: client.id, sendAt: t('2026-03-01T11:00'), status: 'DELIVERED' });
  await insertEmail(db, { toUserId: client.id, sendAt: t('2026-03-01T11:05'), status: 'SENT' });
  await insertEmail(db, { toUserId: client.id, sendAt: t('2026-03-01T11:10'), status: 'BOUNCED' });
  await insertEmail(db, { toUserId: client.id, sendAt: t('2026-03-01T11:15'), status: 'CANCELLED' });
}

beforeAll(async () => {
  db = createDb(await createTestDatabase(), 4);
  ctx = { db, defaultVendor: 'sandbox', slaTargetPercent: 99.9, now: NOW };
  await seedHistory(db);
});

afterAll(async () => {
  await db?.$disconnect();
});

describe('daily figures', () => {
  it('counts runs, messages, webhook lag and emails per UTC day', async () => {
    const figures = await computeDailyFigures(db, t('2026-03-01T00:00'), t('2026-03-02T00:00'));
    expect(figures.components.find((c) => c.component === 'chat_ui')).toEqual({
      day: '2026-03-01',
      component: 'chat_ui',
      runs: 144,
      failedRuns: 3,
      firstRunAt: t('2026-03-01T00:00'),
      lastRunAt: t('2026-03-01T23:50:01.500'),
    });
    const vendor = figures.vendors[0]!;
    expect(vendor).toMatchObject({
      day: '2026-03-01',
      vendor: 'sandbox',
      messages: 10,
      webhookMessages: 8,
      reconciledMessages: 2,
      webhookEvents: 8,
      backfilledEvents: 2,
    });
    expect(vendor.lagP50Ms).toBe(450); // median of 100..800
    expect(vendor.lagHistogram.reduce((a, b) => a + b, 0)).toBe(8);
    expect(figures.emails).toEqual([{ day: '2026-03-01', succeeded: 2, failed: 1, cancelled: 1, pending: 0 }]);
  });

  it('reads the same figures after the roll-up as before it, from the roll-up tables alone, and rolls up only settled days', async () => {
    // Its own database: the raw rows are deleted below, which the other tests still read.
    const own = createDb(await createTestDatabase(), 2);
    try {
      await seedHistory(own);
      const before = await loadDailyFigures(own, t('2026-03-01T00:00'), t('2026-03-04T00:00'));
      const done = await rollUpSettledDays({ db: own, log, now: t('2026-03-05T08:00') });
      expect(done).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']); // 03-04 settles on 03-06
      // The rolled-up rows themselves, checked by hand against the seed.
      const chatUi = await own.reportDailyComponent.findMany({
        where: { component: 'chat_ui' },
        orderBy: { day: 'asc' },
      });
      expect(chatUi.map((r) => [r.day.toISOString().slice(0, 10), r.runs, r.failedRuns])).toEqual([
        ['2026-03-01', 144, 3],
        ['2026-03-02', 144, 5],
        ['2026-03-03', 144, 0],
      ]);
      const vendor = await own.reportDailyVendor.findFirstOrThrow({ where: { day: t('2026-03-01T00:00') } });
      expect(vendor).toMatchObject({
        vendor: 'sandbox',
        messages: 10,
        webhookMessages: 8,
        reconciledMessages: 2,
        lagP50Ms: 450,
      });
      const emails = await own.reportDailyEmail.findMany({ orderBy: { day: 'asc' } });
      expect(
        emails.map((e) => ({
          day: e.day.toISOString().slice(0, 10),
          succeeded: e.succeeded,
          failed: e.failed,
          cancelled: e.cancelled,
          pending: e.pending,
        })),
      ).toEqual([{ day: '2026-03-01', succeeded: 2, failed: 1, cancelled: 1, pending: 0 }]);

      // With the raw rows gone, only the roll-up tables can answer: the figures must not change.
      await own.checkRun.deleteMany({});
      await own.message.deleteMany({});
      await own.email.deleteMany({});
      const after = await loadDailyFigures(own, t('2026-03-01T00:00'), t('2026-03-04T00:00'));
      const sort = <T extends { day: string }>(rows: T[]) =>
        [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      expect(sort(after.components)).toEqual(sort(before.components));
      expect(sort(after.vendors)).toEqual(sort(before.vendors));
      expect(sort(after.emails)).toEqual(sort(before.emails));
      expect(await rollUpSettledDays({ db: own, log, now: t('2026-03-05T09:00') })).toEqual([]);
    } finally {
      await own.$disconnect();
    }
  });
});

describe('buildReport', () => {
  it('computes uptime, downtime, MTTD and MTTR per day, with maintenance left out', async () => {
    const report = await buildReport({ ctx, input: parseReportQuery({ from: '2026-03-01', to: '2026-03-03' }, NOW) });
    const [d1, d2, d3] = report.periods;
    expect(d1!.components.chat_ui.downtimeMs).toBe(30 * 60_000);
    expect(d1!.components.chat_ui.uptime).toBeCloseTo(1 - 30 / 1440, 10);
    expect(d1!.components.chat_ui.incidents).toBe(1);
    expect(d1!.components.chat_ui.mttdMs).toBe(3 * 60_000); // fault 23:29 → detected 23:32
    expect(d1!.components.chat_ui.mttrMs).toBe(75 * 60_000); // 23:30 → 00:45
    expect(d1!.components.chat_ui.slaMet).toBe(false);
    expect(d2!.components.chat_ui.downtimeMs).toBe(45 * 60_000);
    expect(d2!.components.chat_ui.maintenanceMs).toBe(60 * 60_000);
    expect(d2!.components.chat_ui.uptime).toBeCloseTo(1 - 45 / 1380, 10);
    expect(d2!.components.chat_ui.incidents).toBe(0);
    expect(d3!.components.chat_ui.uptime).toBe(1);
    expect(d1!.vendor.deliveryRate).toBeCloseTo(0.8, 10);
    expect(d1!.email.successRate).toBeCloseTo(2 / 3, 10);
    expect(report.totals.components.chat_ui.uptime).toBeCloseTo(1 - 75 / (3 * 1440 - 60), 10);
    expect(report.totals.overall.downtimeMs).toBe(75 * 60_000);
    expect(report.incidents).toHaveLength(1);
  });

  it('has no uptime on days the monitor did not run', async () => {
    const report = await buildReport({ ctx, input: parseReportQuery({ from: '2026-02-20', to: '2026-02-21' }, NOW) });
    expect(report.hasData).toBe(false);
    expect(report.totals.components.chat_ui.uptime).toBeNull();
  });

  it('groups days into weeks and months', async () => {
    const report = await buildReport({
      ctx,
      input: parseReportQuery({ from: '2026-02-25', to: '2026-03-05', granularity: 'week' }, NOW),
    });
    expect(report.periods.map((p) => p.key)).toEqual(['2026-02-25', '2026-03-02']);
    expect(report.periods[0]!.components.chat_ui.downtimeMs).toBe(30 * 60_000); // Sun 03-01 23:30–24:00 in the week of 02-23
  });
});

describe('coverage, blame and consistent figures', () => {
  beforeAll(async () => {
    // 2026-02-10: monitored only from 23:48 (a journey every minute), 3 minutes of chat UI outage; our own
    // app failed too (sign-in refused by our limiter) and has its own incident.
    await insertRuns(db, {
      check: 'chat-journey',
      components: ['chat_ui'],
      from: t('2026-02-10T23:48'),
      to: t('2026-02-11T00:00'),
      everyMinutes: 1,
      failing: (at) => (at >= t('2026-02-10T23:50') && at < t('2026-02-10T23:53') ? 'chat_ui' : null),
    });
    await insertIncident(db, {
      component: 'chat_ui',
      startedAt: t('2026-02-10T23:50'),
      recoveredAt: t('2026-02-10T23:53'),
    });
    await insertRuns(db, {
      check: 'vendor-api',
      components: ['app'],
      from: t('2026-02-10T23:54'),
      to: t('2026-02-10T23:56'),
      everyMinutes: 1,
      failing: () => 'app',
    });
    await insertIncident(db, {
      component: 'app',
      startedAt: t('2026-02-10T23:54'),
      recoveredAt: t('2026-02-10T23:57'),
      title: 'App: sign-in refused: Too many attempts',
    });
  });

  it('divides up time by monitored time: a day monitored from 23:48 is 12 minutes, not 86,400 s', async () => {
    const report = await buildReport({ ctx, input: parseReportQuery({ from: '2026-02-10', to: '2026-02-10' }, NOW) });
    const chat = report.totals.components.chat_ui;
    expect(chat.eligibleMs).toBe(12 * 60_000);
    expect(chat.downtimeMs).toBe(3 * 60_000);
    expect(chat.uptime).toBeCloseTo(0.75, 10);
  });

  it('leaves incidents of our own parts out of the vendor report', async () => {
    const report = await buildReport({ ctx, input: parseReportQuery({ from: '2026-02-10', to: '2026-02-10' }, NOW) });
    expect(report.incidents.map((i) => i.component)).toEqual(['chat_ui']);
    expect(report.totals.overall.incidents).toBe(1);
    const { rows } = await csvOf({ from: '2026-02-10', to: '2026-02-10' });
    expect(rows.map((r) => r.component)).not.toContain('app');
  });

  it('shows one lag percentile per figure: the range header equals the only day with data', async () => {
    const report = await buildReport({ ctx, input: parseReportQuery({ from: '2026-03-01', to: '2026-03-03' }, NOW) });
    const day = report.periods.find((p) => p.key === '2026-03-01')!;
    expect(report.totals.vendor.lagP99Ms).not.toBeNull();
    expect([report.totals.vendor.lagP50Ms, report.totals.vendor.lagP95Ms, report.totals.vendor.lagP99Ms]).toEqual([
      day.vendor.lagP50Ms,
      day.vendor.lagP95Ms,
      day.vendor.lagP99Ms,
    ]);
  });

  it('drills down from a lag percentile to the webhook events behind it', async () => {
    const query = parseReportQuery({ from: '2026-03-01', to: '2026-03-03' }, NOW);
    const report = await buildReport({ ctx, input: query });
    const p99 = await listLagEvents({ ctx, input: { query, vendor: 'sandbox', percentile: '99' } });
    expect(p99.valueMs).toBe(report.totals.vendor.lagP99Ms);
    // The 8 webhook lags are 100..800 ms: p99 sits in the bucket [645, 806) ms, which holds the 700 and 800 ms events.
    expect(p99.events.map((e) => e.lagMs)).toEqual([800, 700]);
    expect(p99.total).toBe(2);
    const p50 = await listLagEvents({ ctx, input: { query, vendor: 'sandbox', percentile: 50 } });
    expect(p50.events.every((e) => e.lagMs >= p50.fromMs!)).toBe(true);
    expect(p50.events.map((e) => e.lagMs)).toEqual([...p50.events.map((e) => e.lagMs)].sort((a, b) => b - a));
    await expect(listLagEvents({ ctx, input: { query, vendor: 'sandbox', percentile: '42' } })).rejects.toThrow();
  });
});

describe('CSV export', () => {
  it('has one row per day per component, matching the report', async () => {
    const { text, rows } = await csvOf({ from: '2026-03-01', to: '2026-03-03' });
    expect(text).toContain('\r\n');
    // A vendor report: the chat vendor's parts and SendGrid (4 components) per day; our own parts are not in it.
    expect(rows).toHaveLength(12);
    expect(new Set(rows.map((r) => r.component))).toEqual(new Set(['chat_ui', 'webhooks', 'email', 'vendor_api']));
    const chat = rows.filter((r) => r.component === 'chat_ui');
    expect(chat.map((r) => r.downtime_minutes)).toEqual(['30.00', '45.00', '0.00']);
    expect(chat[0]!.uptime_percent).toBe(((1 - 30 / 1440) * 100).toFixed(4));
    expect(chat[1]!.maintenance_minutes).toBe('60.00');
    expect(chat[0]!.sla_met).toBe('no');
    const webhooks = rows.find((r) => r.component === 'webhooks' && r.day === '2026-03-01')!;
    expect(webhooks).toMatchObject({
      vendor_messages: '10',
      webhooks_received: '8',
      webhooks_missing: '2',
      webhook_delivery_rate_percent: '80.00',
    });
    expect(rows.find((r) => r.component === 'email' && r.day === '2026-03-01')!.email_success_rate_percent).toBe(
      '66.67',
    );
  });

  it('exports an empty range as the header and a note', async () => {
    const { rows } = await csvOf({ from: '2025-01-01', to: '2025-01-07' });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.note).toBe('No monitoring data between 2025-01-01 and 2025-01-07 (UTC).');
  });
});

describe('parseReportQuery', () => {
  it('refuses a range that ends before it starts, or is longer than 366 days', () => {
    expect(() => parseReportQuery({ from: '2026-03-05', to: '2026-03-01' })).toThrow(
      'The start date must be on or before the end date.',
    );
    expect(() => parseReportQuery({ from: '2025-01-01', to: '2026-03-01' })).toThrow(
      'A report covers at most 366 days; this range has 425.',
    );
    expect(() => parseReportQuery({ from: '2026-02-30', to: '2026-03-01' })).toThrow(
      'Please correct the report settings.',
    );
  });

  it('resolves presets against today (UTC)', () => {
    expect(parseReportQuery({ preset: '7d' }, NOW)).toMatchObject({
      fromDay: '2026-03-04',
      toDay: '2026-03-10',
      days: 7,
    });
    expect(parseReportQuery({ preset: 'last-month' }, NOW)).toMatchObject({
      fromDay: '2026-02-01',
      toDay: '2026-02-28',
      days: 28,
    });
    expect(parseReportQuery({}, NOW)).toMatchObject({ days: 30, preset: '30d' });
  });
});
