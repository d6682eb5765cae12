import { Readable } from 'node:stream';
import { STAFF_ROLES } from '@/lib/auth/roles';
import { getConfig } from '@/lib/config';
import { ValidationError } from '@/lib/errors';
import { evidenceContext } from '@/lib/evidence/context';
import { buildEvidenceZip } from '@/lib/evidence/evidence-zip';
import { getIncidentEvidence } from '@/lib/evidence/get-incident-evidence';
import { exportRoute } from '@/lib/http/route';
import { measureExport } from '@/lib/metrics/report-metrics';
import { cookiesOf, renderPdf } from '@/lib/pdf/render-pdf';
import { requireApiRole } from '@/lib/reports/access';
import { renderBaseUrl } from '@/lib/reports/render-base-url';

export const dynamic = 'force-dynamic';

/** An incident's evidence as a PDF (?format=pdf) or as a ZIP pack with screenshots, traces and the PDF (?format=zip). */
export const GET = exportRoute<{ id: string }>('incidents.evidence', async (request, { params, log }) => {
  await requireApiRole(STAFF_ROLES);
  const format = new URL(request.url).searchParams.get('format') ?? 'pdf';
  if (format !== 'pdf' && format !== 'zip')
    throw new ValidationError('Choose format=pdf or format=zip.', { format: ['pdf or zip'] });
  const evidence = await getIncidentEvidence({
    ctx: evidenceContext(),
    input: { incidentId: params.id },
    forVendor: true,
  });
  const config = getConfig();
  const name = `chatwatch-incident-${evidence.incident.id.slice(0, 8)}-${evidence.incident.startedAt.toISOString().slice(0, 10)}`;
  const printPdf = () =>
    renderPdf(
      {
        url: `${renderBaseUrl()}/print/incidents/${evidence.incident.id}`,
        cookies: cookiesOf(request),
        footerLabel: `ChatWatch · evidence · ${evidence.incident.title.slice(0, 80)}`,
        timeoutMs: config.REPORT_PDF_TIMEOUT_MS,
        chromiumPath: config.CHROMIUM_PATH,
        log,
      },
      config.REPORT_PDF_CONCURRENCY,
    );
  if (format === 'pdf') {
    const pdf = await measureExport('pdf', printPdf);
    return new Response(new Uint8Array(pdf), {
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="${name}.pdf"`,
        'cache-control': 'no-store',
      },
    });
  }
  const zip = await measureExport('zip', async () => {
    const pdf = await printPdf().catch((error: unknown) => {
      log.warn({ err: error }, 'evidence PDF failed; the ZIP goes without it');
      return { error: 'Chromium could not print the evidence page; see the server log.' };
    });
    return buildEvidenceZip({ evidence, artifactsDir: config.MONITOR_ARTIFACTS_DIR, pdf, log });
  });
  return new Response(Readable.toWeb(zip) as ReadableStream<Uint8Array>, {
    headers: {
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename="${name}.zip"`,
      'cache-control': 'no-store',
    },
  });
});
