import type { Logger } from 'pino';
import { CHROMIUM_ARGS, CHROMIUM_MISSING_HELP, findChromium } from '../browser/chromium';
import { launchChromium } from '../browser/launch';
import { AppError } from '../errors';

export class PdfRenderError extends AppError {
  override readonly name = 'PdfRenderError';
  readonly code = 'PDF_RENDER';
}

export interface PdfSource {
  /** A page to load (with `cookies` set for its origin), or ready HTML. */
  url?: string;
  html?: string;
  cookies?: { name: string; value: string }[];
  /** Shown in the footer beside the page numbers. */
  footerLabel: string;
  timeoutMs: number;
  chromiumPath?: string;
  log: Logger;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await work();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

const store = globalThis as unknown as { chatwatchPdfSemaphore?: Semaphore };

/**
 * Prints a page to an A4 PDF with page numbers, in a Chromium of its own that is always closed (finally). At
 * most `concurrency` run at once per process; the others wait their turn.
 */
export async function renderPdf(source: PdfSource, concurrency = 2): Promise<Buffer> {
  store.chatwatchPdfSemaphore ??= new Semaphore(concurrency);
  return store.chatwatchPdfSemaphore.run(() => print(source));
}

async function print({ url, html, cookies, footerLabel, timeoutMs, chromiumPath, log }: PdfSource): Promise<Buffer> {
  const executablePath = findChromium(chromiumPath);
  if (!executablePath) throw new PdfRenderError(CHROMIUM_MISSING_HELP);
  const started = performance.now();
  const own = await launchChromium({ executablePath, args: CHROMIUM_ARGS, timeoutMs });
  // The whole print is bounded, not only the steps that take a timeout (page.pdf takes none): at the deadline the
  // browser is closed — killed if it does not answer — which fails whatever it was still doing.
  let timedOut = false;
  const deadline = setTimeout(() => {
    timedOut = true;
    void own.close(1000);
  }, timeoutMs);
  try {
    const context = await own.browser.newContext();
    if (url && cookies?.length) await context.addCookies(cookies.map((c) => ({ ...c, url: new URL(url).origin })));
    const page = await context.newPage();
    page.setDefaultTimeout(timeoutMs);
    if (url) {
      const response = await page.goto(url, { waitUntil: 'load', timeout: timeoutMs });
      if (!response?.ok()) throw new PdfRenderError(`The page to print answered ${response?.status() ?? 'nothing'}`);
    } else {
      await page.setContent(html ?? '', { waitUntil: 'load', timeout: timeoutMs });
    }
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: `<div style="font-size:8px;color:#475569;width:100%;padding:0 12mm;display:flex;justify-content:space-between"><span>${escapeHtml(footerLabel)}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
      margin: { top: '12mm', bottom: '16mm', left: '12mm', right: '12mm' },
    });
    log.debug({ ms: Math.round(performance.now() - started), bytes: pdf.length }, 'pdf rendered');
    return pdf;
  } catch (error) {
    if (timedOut) throw new PdfRenderError(`Printing the PDF did not finish within ${timeoutMs} ms`, { cause: error });
    throw error;
  } finally {
    clearTimeout(deadline);
    if ((await own.close()) === 'killed') log.warn('the PDF browser did not close in 5 s; killed it');
  }
}

/** The request's cookies, to load the page to print as the same signed-in user. */
export function cookiesOf(request: Request): { name: string; value: string }[] {
  return (request.headers.get('cookie') ?? '')
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const at = part.indexOf('=');
      return at < 0 ? { name: part, value: '' } : { name: part.slice(0, at), value: part.slice(at + 1) };
    })
    .filter((c) => c.name.length > 0);
}
