// `npm run report -- --from 2026-03-01 --to 2026-03-31 --format pdf|csv [--vendor sandbox] [--granularity day|week|month]
//   [--preset 7d|30d|90d|last-month] [--out file]`: the /reports export from the command line. CSV goes to stdout
// unless --out is given; a PDF is written to --out or chatwatch-report-<vendor>-<from>-to-<to>.pdf.
// Uses DATABASE_URL, or the database of a running `npm start`.
import { createWriteStream, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { z } from 'zod';
import { createDb } from '../lib/db/client';
import { cliDatabaseUrl } from './lib/cli-database-url';
import { ValidationError } from '../lib/errors';
import { renderPdf } from '../lib/pdf/render-pdf';
import { buildReport, queriedVendor, type ReportContext } from '../lib/reports/build-report';
import { reportCsvChunks } from '../lib/reports/export/report-csv';
import { reportHtml } from './lib/report-html';
import { parseReportQuery, reportFileName } from '../lib/reports/report-query';

// The two settings a report needs, validated as lib/config.ts does (the rest of the app's config is not needed here).
const env = z
  .object({
    CHAT_VENDOR: z.enum(['sandbox', 'talkjs']).default('sandbox'),
    REPORT_SLA_TARGET_PERCENT: z.coerce.number().min(50).max(100).default(99.9),
    REPORT_PDF_TIMEOUT_MS: z.coerce.number().int().min(1).default(60_000),
    CHROMIUM_PATH: z.string().optional(),
  })
  .parse(process.env);

const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    preset: { type: 'string' },
    vendor: { type: 'string' },
    granularity: { type: 'string' },
    format: { type: 'string', default: 'csv' },
    out: { type: 'string' },
  },
});

async function main(): Promise<void> {
  if (values.format !== 'csv' && values.format !== 'pdf') throw new ValidationError('--format must be csv or pdf.');
  const query = parseReportQuery({
    from: values.from,
    to: values.to,
    preset: values.preset,
    vendor: values.vendor,
    granularity: values.granularity,
  });
  const db = createDb(cliDatabaseUrl(), 4);
  try {
    const ctx: ReportContext = { db, defaultVendor: env.CHAT_VENDOR, slaTargetPercent: env.REPORT_SLA_TARGET_PERCENT };
    const vendor = await queriedVendor(ctx, query);
    if (values.format === 'csv') {
      const out = values.out ? createWriteStream(values.out) : process.stdout;
      for await (const chunk of reportCsvChunks({ ctx, input: query, vendor })) {
        if (!out.write(chunk)) await once(out, 'drain');
      }
      if (values.out) {
        out.end();
        await once(out, 'finish');
        console.error(`Wrote ${values.out}`);
      }
      return;
    }
    const report = await buildReport({ ctx, input: { ...query, vendor } });
    const pdf = await renderPdf({
      html: reportHtml(report),
      footerLabel: `ChatWatch · ${vendor} reliability report ${query.fromDay} to ${query.toDay}`,
      timeoutMs: env.REPORT_PDF_TIMEOUT_MS,
      chromiumPath: env.CHROMIUM_PATH,
      log: pino({ level: 'warn' }),
    });
    const file = values.out ?? reportFileName(vendor, query, 'pdf');
    writeFileSync(file, pdf);
    console.error(
      `Wrote ${file} (${pdf.length} bytes, ${report.days} days, SLA ${report.totals.overall.slaMet === null ? 'no data' : report.totals.overall.slaMet ? 'met' : 'breached'})`,
    );
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  if (error instanceof ValidationError) {
    console.error(
      `✖ ${error.message}${Object.entries(error.fieldErrors)
        .map(([field, messages]) => `\n  --${field}: ${messages.join(' ')}`)
        .join('')}`,
    );
    process.exit(2);
  }
  console.error(`✖ ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
