import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { exportRoute, route } from './route';

const root = path.resolve(import.meta.dirname, '..', '..');
const noParams = { params: Promise.resolve({}) };

/** A handler that answers 200 only after `ms`, and a signal that lets the test finish it. */
function slowHandler() {
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  return {
    finish,
    handler: async () => {
      await finished;
      return new Response('done');
    },
  };
}

describe('the request deadline and downloads', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('answers 503 + Retry-After from a plain route whose handler outlives REQUEST_DEADLINE_MS', async () => {
    vi.stubEnv('REQUEST_DEADLINE_MS', '200');
    const slow = slowHandler();
    const response = await route('test.slow', slow.handler)(new Request('http://localhost/x'), noParams);
    slow.finish();
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).not.toBeNull();
  });

  it('lets a download (exportRoute) finish past REQUEST_DEADLINE_MS instead of cancelling it', async () => {
    vi.stubEnv('REQUEST_DEADLINE_MS', '200');
    const slow = slowHandler();
    let settled = false;
    const answered = exportRoute('test.export', slow.handler)(new Request('http://localhost/x'), noParams).finally(
      () => (settled = true),
    );
    // A plain route started at the same time gives up at the deadline; the download is still going then.
    const plain = await route('test.slow', slowHandler().handler)(new Request('http://localhost/x'), noParams);
    expect(plain.status).toBe(503);
    expect(settled).toBe(false);
    slow.finish();
    const response = await answered;
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('done');
  });

  // The class behind a cancelled evidence download: a route printing a PDF or building a ZIP that was wrapped in the
  // plain `route`, so a busy machine's slow Chromium turned into a 503 mid-download. Every export is an exportRoute.
  it('wraps every route that prints a PDF or measures an export in exportRoute', async () => {
    const files = (await readdir(path.join(root, 'app'), { recursive: true }))
      .filter((file) => file.endsWith('route.ts'))
      .map((file) => path.join(root, 'app', file));
    const exports: string[] = [];
    for (const file of files) {
      const source = await readFile(file, 'utf8');
      if (!/\b(renderPdf|measureExport|reportExports)\(/.test(source)) continue;
      exports.push(path.relative(root, file));
      expect(source, path.relative(root, file)).toMatch(/export const GET = exportRoute\b/);
    }
    // The three downloads today: a report's CSV and PDF, an incident's evidence. Finding none means the scan broke.
    expect(exports.sort()).toEqual([
      'app/api/incidents/[id]/evidence/route.ts',
      'app/api/reports/csv/route.ts',
      'app/api/reports/pdf/route.ts',
    ]);
  });
});
