// renderPdf with a real Chromium: a PDF comes out and the browser is gone after; a Chromium that wedges in the
// middle of a print (every process SIGSTOPped) still ends the call within its deadline, and is killed.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPids, releaseWedged, wedgeChromium } from '../../test/support/chromium';
import { PdfRenderError, renderPdf } from './render-pdf';

const log = pino({ level: 'silent' });
let server: Server;
let origin: string;
let slowRequests = 0;

beforeAll(async () => {
  // Never answers: the print is still waiting on it when the browser is wedged.
  server = createServer(() => {
    slowRequests++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

afterEach(releaseWedged);

describe('renderPdf', () => {
  it('prints HTML to a PDF and leaves no Chromium behind', async () => {
    const pdf = await renderPdf({ html: '<h1>Report</h1>', footerLabel: 'test', timeoutMs: 30_000, log });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await chromiumPids()).toEqual([]);
  }, 120_000);

  it('ends within its deadline and kills a Chromium that wedges mid-print', async () => {
    const printing = renderPdf({ url: `${origin}/slow`, footerLabel: 'test', timeoutMs: 20_000, log }).then(
      () => null,
      (error: unknown) => error,
    );
    await expect.poll(() => slowRequests, { timeout: 60_000 }).toBeGreaterThan(0);
    expect((await wedgeChromium()).length).toBeGreaterThan(1);

    // Bounded by the deadline (20 s after the launch) plus the kill's grace; the test's own limit is far above that.
    const error = await printing;
    expect(error).toBeInstanceOf(PdfRenderError);
    expect((error as Error).message).toMatch(/did not finish within 20000 ms/);
    expect(await chromiumPids()).toEqual([]);
  }, 120_000);
});
