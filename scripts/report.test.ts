import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../test/support/db';
import { createDb, type Db } from '../lib/db/client';
import { EXTERNAL_COMPONENTS } from '../lib/incidents/components';
import { insertIncident, insertRuns } from '../test/support/report-factories';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const t = (iso: string) => new Date(`${iso}Z`);
let url: string;
let db: Db;

beforeAll(async () => {
  url = await createTestDatabase();
  db = createDb(url, 2);
  await insertRuns(db, {
    check: 'chat-journey',
    components: ['chat_ui', 'webhooks'],
    from: t('2026-02-02T00:00'),
    to: t('2026-02-04T00:00'),
    everyMinutes: 30,
  });
  await insertIncident(db, {
    component: 'chat_ui',
    startedAt: t('2026-02-02T12:00'),
    recoveredAt: t('2026-02-02T12:36'),
  });
});

afterAll(async () => {
  await db?.$disconnect();
});

const report = (args: string[]) =>
  run(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'report.ts'), ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' },
    timeout: 90_000,
  });

// Each test starts `node --import tsx` (seconds of module loading on a busy machine) and runs the CLI to its exit;
// the bound matches the child's own 90 s timeout rather than vitest's 30 s default.
describe('npm run report', { timeout: 120_000 }, () => {
  it('writes the CSV to stdout', async () => {
    const { stdout } = await report(['--from', '2026-02-02', '--to', '2026-02-03', '--format', 'csv']);
    const rows = parse(stdout, { columns: true }) as Record<string, string>[];
    // One row per day per vendor-facing component: our own parts never reach vendor reports.
    expect(rows).toHaveLength(2 * EXTERNAL_COMPONENTS.length);
    expect(rows.find((r) => r.day === '2026-02-02' && r.component === 'chat_ui')).toMatchObject({
      downtime_minutes: '36.00',
      uptime_percent: '97.5000',
      incidents_started: '1',
    });
  });

  it('renders the PDF with Chromium, with the uptime figures and page numbers', async () => {
    const file = path.join(tmpdir(), `chatwatch-report-${process.pid}.pdf`);
    try {
      const { stderr } = await report(['--from', '2026-02-02', '--to', '2026-02-03', '--format', 'pdf', '--out', file]);
      expect(stderr).toContain(`Wrote ${file}`);
      const parser = new PDFParse({ data: new Uint8Array(readFileSync(file)) });
      const { text } = await parser.getText();
      await parser.destroy();
      expect(text).toContain('Vendor reliability report: sandbox');
      expect(text).toContain('98.750 %'); // chat_ui: 36 min down in 2 days
      expect(text).toMatch(/Page 1 of \d/);
    } finally {
      rmSync(file, { force: true });
    }
  });

  it('refuses a bad range with the reason and exit code 2', async () => {
    const failure = await report(['--from', '2026-02-05', '--to', '2026-02-01']).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain('The start date must be on or before the end date.');
  });
});
