import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
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
/** Whether /projects needs a session (cookie `sid`), as our app's pages do; sign-ins counted, or refused. */
let requireSession = false;
let refuseSignIn = false;
let signIns = 0;
const SIGN_IN_FORM = `<!doctype html><form method="post" action="/sign-in"><label>Email <input name="email"></label>
  <label>Password <input name="password" type="password"></label><button type="submit">Sign in</button></form>`;

beforeAll(async () => {
  server = createServer((req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    if (req.url === '/sign-in' && req.method === 'POST') {
      signIns++;
      if (refuseSignIn)
        return res.end(`${SIGN_IN_FORM}<p role="alert" data-testid="sign-in-error">Too many attempts</p>`);
      res.writeHead(303, { location: '/projects', 'set-cookie': 'sid=kept; Path=/; HttpOnly' }).end();
      return;
    }
    if (req.url === '/sign-in') return res.end(SIGN_IN_FORM);
    if (req.url === '/projects' && requireSession && !/\bsid=kept\b/.test(req.headers.cookie ?? '')) {
      res.writeHead(302, { location: '/sign-in' }).end();
      return;
    }
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

/** The journey's input for the canary account of the stub app above. */
const canaryInput = (password: string) => ({
  appUrl,
  email: 'canary@example.test',
  password,
  projectTitle: 'Canary project',
  nonce: 'n1',
  uiTimeoutMs: 10_000,
});

/** One journey in a fresh context carrying `storageState` (the kept session); the page ends in the fallback. */
async function journey(storageState?: Awaited<ReturnType<BrowserContext['storageState']>>) {
  const context = await browser.newContext({ storageState });
  let session: 'reused' | 'new' | null = null;
  let kept: Awaited<ReturnType<BrowserContext['storageState']>> | undefined;
  try {
    const page = await context.newPage();
    const error = await runChatJourney(page, canaryInput('pw'), {
      waitForWebhook: () => Promise.reject(new Error('not reached')),
      waitForEmail: () => Promise.reject(new Error('not reached')),
      onSignedIn: async (how) => {
        session = how;
        kept = await context.storageState();
      },
    }).then(
      () => new Error('the journey passed'),
      (e: unknown) => e as Error,
    );
    return { session, kept, error };
  } finally {
    await context.close();
  }
}

async function chatReadyFailure(): Promise<StepFailure> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const error = await runChatJourney(page, canaryInput('unused'), {
      waitForWebhook: () => Promise.reject(new Error('not reached')),
      waitForEmail: () => Promise.reject(new Error('not reached')),
      diagnose: () => 'chat:error from the vendor UI: boom',
    }).then(
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

describe('the sign-in step, like a person who stays signed in', () => {
  it('signs in once, then reuses the kept session: the next runs never reach our sign-in (nor its limiter)', async () => {
    requireSession = true;
    refuseSignIn = false;
    cause = 'ours';
    signIns = 0;
    const first = await journey();
    expect(first).toMatchObject({ session: 'new' });
    expect(signIns).toBe(1);
    const second = await journey(first.kept);
    const third = await journey(second.kept);
    expect([second.session, third.session]).toEqual(['reused', 'reused']);
    expect(signIns).toBe(1);
  });

  it("fails the sign-in step with our app's refusal when the session is gone and the sign-in is refused", async () => {
    requireSession = true;
    refuseSignIn = true;
    signIns = 0;
    const { session, error } = await journey();
    expect(session).toBeNull();
    expect(signIns).toBe(1);
    expect(error.message).toBe('sign-in refused: Too many attempts');
  });
});
