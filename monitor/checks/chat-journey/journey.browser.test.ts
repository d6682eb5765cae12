import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../../lib/browser/chromium';
import { StepFailure } from '../errors';
import { runChatJourney } from './journey';

// The journey's chat-ready step in a real Chromium, on pages with the markup our project pages have (data-testid
// project-list and fallback-notice with its data-cause, app/(app)/projects/[id]/chat-panel.tsx): when the page falls
// back, the step names the party the page names — the vendor's API, the vendor's UI, or our app.

const PROJECT_ID = '0b7c3a52-4f0e-4a8e-9b7a-2f4e1c6d8a90';
let server: Server;
let appUrl: string;
let browser: Browser;
/** The data-cause the project page states, per test; null: a notice without one (an older build). */
let cause: string | null = null;

beforeAll(async () => {
  server = createServer((req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    if (req.url === '/projects')
      return res.end(
        `<!doctype html><ul data-testid="project-list"><li><a href="/projects/${PROJECT_ID}">Canary project</a></li></ul>`,
      );
    if (req.url === `/projects/${PROJECT_ID}`)
      return res.end(
        `<!doctype html><div role="alert" data-testid="fallback-notice"${cause === null ? '' : ` data-cause="${cause}"`}>Chat is having trouble</div>`,
      );
    res.statusCode = 404;
    res.end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: findChromium(undefined) ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

async function chatReadyFailure(): Promise<StepFailure> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const error = await runChatJourney(
      page,
      {
        appUrl,
        email: 'canary@example.test',
        password: 'unused',
        projectTitle: 'Canary project',
        nonce: 'n1',
        uiTimeoutMs: 10_000,
      },
      {
        waitForWebhook: () => Promise.reject(new Error('not reached')),
        waitForEmail: () => Promise.reject(new Error('not reached')),
        diagnose: () => 'chat:error from the vendor UI: boom',
      },
    ).then(
      () => new Error('the journey passed'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StepFailure);
    return error as StepFailure;
  } finally {
    await context.close();
  }
}

describe('the chat-ready step when the page shows the fallback', () => {
  it('blames the vendor API when the page could not open the chat because the vendor API failed (api-down)', async () => {
    cause = 'vendor-api';
    const failure = await chatReadyFailure();
    expect(failure).toMatchObject({ step: 'chat-ready', component: 'vendor_api' });
    expect(failure.message).toMatch(/vendor's API failed/);
  });

  it('blames our app when the page says the cause is ours', async () => {
    cause = 'ours';
    expect(await chatReadyFailure()).toMatchObject({ step: 'chat-ready', component: 'app' });
  });

  it("blames the vendor's UI when its embed did not start, with the vendor's own error", async () => {
    cause = 'vendor-ui';
    const failure = await chatReadyFailure();
    expect(failure).toMatchObject({ step: 'chat-ready', component: 'chat_ui' });
    expect(failure.message).toContain('chat:error from the vendor UI: boom');
  });
});
