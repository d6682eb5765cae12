// `npm run bench:reports`: seeds ≥ 600 000 check runs (90 days × 5 components × 1-minute checks) with incidents,
// webhooks and emails into a database of its own, rolls them up, then times what managers and support wait for:
// the 90-day report (data + HTML render), the 90-day CSV stream, the status page and the uptime API.
// Targets (issue 8): report < 1 s, CSV < 2 s. Exits 1 when a target is missed. See docs/status-and-reports.md.
import { rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { getApiUptime } from '../lib/api-v1/get-uptime';
import { createDb } from '../lib/db/client';
import { applyMigrations } from '../lib/db/migrate';
import { buildReport, type ReportContext } from '../lib/reports/build-report';
import { reportCsvChunks } from '../lib/reports/export/report-csv';
import { parseReportQuery } from '../lib/reports/report-query';
import { rollUpSettledDays } from '../lib/reports/rollup/roll-up-settled-days';
import { getStatusPage } from '../lib/status/get-status-page';
import { reportHtml } from '../scripts/lib/report-html';
import { databaseUrl, ensureDatabase, freePort, startEmbeddedPostgres } from '../scripts/lib/postgres';
import { seedReportsBench } from './reports-seed';

const root = path.resolve(import.meta.dirname, '..');
const DAYS = Number(process.env.BENCH_DAYS ?? 90);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);
const TARGETS = { reportMs: 1000, csvMs: 2000 };
const log = (line: string) => process.stdout.write(`bench | ${line}\n`);
const quiet = pino({ level: 'silent' });

async function time<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

/** Median and worst of REPEAT runs (the first run is a warm-up and is reported separately as "cold"). */
async function repeat(work: () => Promise<unknown>): Promise<{ cold: number; median: number; max: number }> {
  const cold = (await time(work)).ms;
  const runs: number[] = [];
  for (let i = 0; i < REPEAT; i++) runs.push((await time(work)).ms);
  runs.sort((a, b) => a - b);
  return { cold, median: runs[Math.floor(runs.length / 2)]!, max: runs.at(-1)! };
}

const ms = (n: number) => `${Math.round(n).toLocaleString('en-US')} ms`;

async function main(): Promise<void> {
  const dataDir = path.join(root, '.data', 'bench-reports');
  rmSync(dataDir, { recursive: true, force: true });
  const port = Number(process.env.BENCH_PG_PORT ?? (await freePort()));
  log(`PostgreSQL on 127.0.0.1:${port} (data in ${path.relative(root, dataDir)}, removed afterwards)`);
  const server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg'), port, password: 'bench' });
  const client = new pg.Client({ connectionString: databaseUrl(server.adminUrl, 'chatwatch_bench_reports') });
  const db = createDb(databaseUrl(server.adminUrl, 'chatwatch_bench_reports'), 8);
  let failed = false;
  try {
    await ensureDatabase(server.adminUrl, 'chatwatch_bench_reports');
    await applyMigrations(databaseUrl(server.adminUrl, 'chatwatch_bench_reports'), root);
    await client.connect();
    const now = new Date();
    const seeded = await time(() => seedReportsBench(client, { days: DAYS, now }));
    const s = seeded.value;
    log(
      `seeded in ${ms(seeded.ms)}: ${s.checkRuns.toLocaleString('en-US')} check runs, ${s.incidents} incidents, ${s.maintenanceWindows} maintenance windows, ${s.messages.toLocaleString('en-US')} messages, ${s.vendorEvents.toLocaleString('en-US')} webhook events, ${s.emails.toLocaleString('en-US')} emails (${DAYS} days)`,
    );

    const ctx: ReportContext = { db, defaultVendor: 'sandbox', slaTargetPercent: 99.9 };
    const query = parseReportQuery({ preset: '90d' }, now);
    const renderReport = async () => reportHtml(await buildReport({ ctx, input: query }));
    const csv = async () => {
      let bytes = 0;
      let rows = 0;
      let chunks = 0;
      let largest = 0;
      for await (const chunk of reportCsvChunks({ ctx, input: query, vendor: 'sandbox' })) {
        bytes += chunk.length;
        rows += chunk.split('\r\n').length - 1;
        chunks++;
        largest = Math.max(largest, chunk.length);
      }
      return { bytes, rows, chunks, largest };
    };

    const raw = await time(renderReport);
    log(`90-day report without the roll-up (every day read raw): ${ms(raw.ms)}`);
    const rollup = await time(() => rollUpSettledDays({ db, log: quiet, now }));
    log(
      `roll-up job, first run over the history: ${ms(rollup.ms)} for ${rollup.value.length} settled days (the two newest days are always read raw)`,
    );

    const report = await repeat(renderReport);
    const html = await renderReport();
    const csvTimes = await repeat(csv);
    const csvSize = await csv();
    const status = await repeat(() =>
      getStatusPage({
        ctx: { db, clock: { now: () => now }, vendor: 'sandbox', slaTargetPercent: 99.9, heartbeatStaleSeconds: 90 },
      }),
    );
    const api = await repeat(() => getApiUptime(ctx, { from: query.fromDay, to: query.toDay, limit: 366 }));

    const reportOk = report.max < TARGETS.reportMs;
    const csvOk = csvTimes.max < TARGETS.csvMs;
    failed = !reportOk || !csvOk;
    const rows: [string, { cold: number; median: number; max: number }, string][] = [
      [
        `90-day report page (data + HTML, ${Math.round(html.length / 1024)} KiB)`,
        report,
        `< 1 s   ${reportOk ? 'PASS' : 'FAIL'}`,
      ],
      [
        `90-day CSV stream (${csvSize.rows} lines, ${Math.round(csvSize.bytes / 1024)} KiB)`,
        csvTimes,
        `< 2 s   ${csvOk ? 'PASS' : 'FAIL'}`,
      ],
      ['/status page data (90-day bars, 24 h)', status, ''],
      ['/api/v1/uptime, 90 days', api, ''],
    ];
    const width = Math.max(...rows.map(([label]) => label.length)) + 2;
    console.log(`
  npm run bench:reports — ${s.checkRuns.toLocaleString('en-US')} check runs over ${DAYS} days, ${REPEAT} timed runs each after one cold run

  ${'what'.padEnd(width)}${'cold'.padEnd(10)}${'median'.padEnd(10)}${'worst'.padEnd(10)}target
${rows.map(([label, t, target]) => `  ${label.padEnd(width)}${ms(t.cold).padEnd(10)}${ms(t.median).padEnd(10)}${ms(t.max).padEnd(10)}${target}`).join('\n')}

  for comparison: the same report read raw, before the roll-up: ${ms(raw.ms)}; roll-up of ${rollup.value.length} days: ${ms(rollup.ms)}
  the CSV is read and sent a month at a time: ${csvSize.chunks} chunks (header included), the largest ${Math.round(csvSize.largest / 1024)} KiB, whatever the range
`);
  } finally {
    await client.end().catch(() => undefined);
    await db.$disconnect();
    await server.stop();
    if (!process.env.BENCH_KEEP) rmSync(dataDir, { recursive: true, force: true });
  }
  if (failed) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
