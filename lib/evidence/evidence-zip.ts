import { existsSync } from 'node:fs';
import { ZipArchive } from 'archiver';
import { writeCsv } from '../csv/write-csv';
import type { Logger } from 'pino';
import { artifactPath } from '../status/open-artifact';
import type { IncidentEvidence } from './get-incident-evidence';

const stamp = (at: Date) => at.toISOString().replace(/[:.]/g, '-');
const EXTENSION: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'application/zip': 'zip' };

export interface EvidenceZipInput {
  evidence: IncidentEvidence;
  artifactsDir: string;
  /** The evidence PDF, or why it could not be made (the pack is still useful without it). */
  pdf: Buffer | { error: string };
  log: Logger;
}

/**
 * The incident evidence pack as a streamed ZIP: summary, incident and timeline, and per failed run its steps,
 * browser evidence, screenshot and Playwright trace, plus the PDF. Files deleted by retention are listed as missing.
 */
export function buildEvidenceZip({ evidence, artifactsDir, pdf, log }: EvidenceZipInput): ZipArchive {
  const zip = new ZipArchive({ zlib: { level: 6 } });
  zip.on('warning', (warning) => log.warn({ err: warning }, 'evidence zip warning'));
  const root = `incident-${evidence.incident.id.slice(0, 8)}`;
  const { incident, affected, summary } = evidence;
  const { updates, ...incidentFields } = incident;
  const runDirs: string[] = [];

  evidence.runs.forEach((run, index) => {
    const dir = `${root}/runs/${String(index + 1).padStart(3, '0')}-${stamp(run.startedAt)}-${run.check}-attempt${run.attempt}`;
    runDirs.push(dir);
    const missingFiles: string[] = [];
    for (const artifact of run.artifacts) {
      const name = `${artifact.kind.toLowerCase()}.${EXTENSION[artifact.contentType] ?? 'bin'}`;
      try {
        const file = artifactPath(artifactsDir, artifact.path);
        if (existsSync(file)) zip.file(file, { name: `${dir}/${name}` });
        else missingFiles.push(`${name} (deleted after the retention period)`);
      } catch {
        missingFiles.push(`${name} (path outside the artifacts folder)`);
      }
    }
    const { browser, artifacts: _artifacts, consoleErrors: _c, failedRequests: _f, ...fields } = run;
    zip.append(
      JSON.stringify(
        {
          ...fields,
          consoleErrors: browser.consoleErrors,
          failedRequests: browser.failedRequests,
          unreadableBrowserEvidence: browser.unreadable,
          missingFiles,
        },
        null,
        2,
      ),
      { name: `${dir}/run.json` },
    );
  });

  // Notes are typed by staff and may hold a formula: the shared writer neutralises it (OWASP CSV injection).
  const timeline = writeCsv([
    ['time_utc', 'kind', 'author', 'message'],
    ...updates.map((u) => [u.createdAt.toISOString(), u.kind, u.authorName ?? 'monitor', u.message]),
  ]);
  zip.append(timeline, { name: `${root}/timeline.csv` });
  zip.append(
    JSON.stringify(
      {
        incident: incidentFields,
        affected,
        generatedAt: evidence.generatedAt,
        runsIncluded: evidence.runs.length,
        runsTotal: evidence.runCount,
      },
      null,
      2,
    ),
    { name: `${root}/incident.json` },
  );
  // getIncidentEvidence refuses internal incidents for packs; the guard keeps a null summary out of the file all the same.
  if (summary) zip.append(`${summary}\n`, { name: `${root}/summary.txt` });
  if (Buffer.isBuffer(pdf)) zip.append(pdf, { name: `${root}/evidence.pdf` });
  else zip.append(`The PDF could not be rendered: ${pdf.error}\n`, { name: `${root}/evidence-pdf-missing.txt` });
  zip.append(
    [
      `Evidence pack: ${incident.title}`,
      `Generated ${evidence.generatedAt.toISOString()} by ChatWatch.`,
      '',
      'summary.txt       plain-language summary to forward to the vendor',
      'evidence.pdf      the same evidence, printable',
      'incident.json     the incident, its matched faults, alerts and the affected conversations and messages',
      'timeline.csv      every timeline entry (monitor updates and staff notes)',
      `runs/             ${evidence.runs.length} of ${evidence.runCount} failed runs: run.json (steps with timings, console errors,`,
      '                  failed requests from the chat iframe), screenshot.png, trace.zip (npx playwright show-trace trace.zip)',
      '',
    ].join('\n'),
    { name: `${root}/README.txt` },
  );
  void zip.finalize().catch((error: unknown) => log.error({ err: error }, 'evidence zip failed'));
  return zip;
}
