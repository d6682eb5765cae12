import { randomInt, randomUUID } from 'node:crypto';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { JOURNEY_STEPS, runChatJourney } from './journey';
import { ERROR_CODE_HEADER } from '../../../lib/http/error-party';
import { CHROMIUM_ARGS, findChromium } from '../../../lib/browser/chromium';
import { WarmBrowser, type StorageState } from '../../browser';
import { blameEmailWait, ourAppRefusal } from './blame';
import { canaryEmailStatus, canaryPipelineState, canaryWebhookArrived } from './canary-queries';
import type { CheckDeps } from '../deps';
import { describeError, MonitorFault, StepFailure, WaitTimeoutError } from '../errors';
import type { Check, CheckContext, ConsoleEntry, FailedRequest } from '../types';

const POLL_MS = 100;
/**
 * Email states that mean SendGrid accepted it; the failure states end the wait at once. UNCONFIRMED (SendGrid got
 * the request but never answered) ends it too: a sandbox-mode canary gets no SendGrid events to settle it.
 */
const ACCEPTED = new Set(['SENT', 'DELIVERED']);
const REFUSED = new Set(['FAILED', 'BOUNCED', 'BLOCKED', 'DROPPED', 'CANCELLED', 'UNCONFIRMED']);

/** Polls `probe` until it returns true, for at most `timeoutMs`; throws `message` on timeout or abort. */
async function waitUntil(
  probe: () => Promise<boolean>,
  timeoutMs: number,
  signal: AbortSignal,
  message: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (signal.aborted) throw signal.reason;
    if (await probe()) return;
    if (Date.now() >= deadline) throw new WaitTimeoutError(message);
    await sleep(POLL_MS, undefined, { signal }).catch(() => undefined);
  }
}

/**
 * Evidence the console would not show: uncaught errors in every frame, the vendor's iframe included
 * (Playwright's pageerror covers the top page only), and the chat:error the vendor's UI posts to our page.
 * Injected by the browser before any page script, so CSP does not apply. A string, not a function: bundlers
 * add helpers to functions that do not exist in the page.
 */
const REPORT_ERRORS = `
window.addEventListener('error', (e) => console.error('Uncaught ' + e.message + ' (' + e.filename + ':' + e.lineno + ')'));
window.addEventListener('unhandledrejection', (e) => console.error('Unhandled rejection: ' + (e.reason && e.reason.message ? e.reason.message : String(e.reason)) + ' (' + location.href + ')'));
window.addEventListener('message', (e) => {
  if (e.data && e.data.type === 'chat:error') console.error('chat:error from the vendor UI: ' + String(e.data.message) + ' (' + e.origin + '/)');
});
`;

/** Console errors and failed requests of the page and of the vendor iframe, recorded as they happen. */
function recordBrowser(page: Page, embedOrigin: string) {
  const consoleErrors: ConsoleEntry[] = [];
  const failedRequests: FailedRequest[] = [];
  const frameOf = (url: string | null | undefined): 'app' | 'embed' =>
    url && url.startsWith(embedOrigin) ? 'embed' : 'app';
  // A frame's own navigation is made before the frame has that URL: judge it by where it goes.
  const requestFrame = (request: Request) =>
    frameOf(request.isNavigationRequest() ? request.url() : request.frame().url());
  page.on('console', (message) => {
    if (message.type() !== 'error' && message.type() !== 'warning') return;
    const text = message.text();
    // The network log below has these, with their status.
    if (text.startsWith('Failed to load resource')) return;
    const url = message.location().url || /\((https?:\/\/[^)\s]+)/.exec(text)?.[1] || null;
    consoleErrors.push({ frame: frameOf(url), type: message.type(), text: text.slice(0, 1000), url });
  });
  page.on('requestfailed', (request) => {
    // Cancelled by the page itself (a superseded prefetch or navigation): not a failure of anything.
    if (request.failure()?.errorText === 'net::ERR_ABORTED') return;
    failedRequests.push({
      frame: requestFrame(request),
      method: request.method(),
      url: request.url().split('?')[0]!,
      status: null,
      failure: request.failure()?.errorText ?? 'failed',
    });
  });
  page.on('response', (response) => {
    if (response.status() < 400) return;
    const request = response.request();
    failedRequests.push({
      frame: requestFrame(request),
      method: request.method(),
      url: response.url().split('?')[0]!,
      status: response.status(),
      failure: null,
      errorCode: response.headers()[ERROR_CODE_HEADER] ?? null,
    });
  });
  return { consoleErrors, failedRequests };
}

/**
 * The synthetic user's journey (./journey.ts) in one warm browser with a fresh context per run that carries
 * the kept session: the user signs in only when it expired or was refused, so our sign-in limiter never sees
 * the monitor as a flood. On failure it keeps a screenshot, a Playwright trace, and the console errors and failed
 * requests of the page and the iframe. A canary whose webhook never arrives counts as a missing webhook.
 */
export function createChatJourneyCheck(deps: CheckDeps): Check {
  const { config, db, vendor, metrics, log } = deps;
  // Looked up at each launch: a browser installed after the monitor started is found on the next run.
  const browser = new WarmBrowser({
    executablePath: () => findChromium(config.CHROMIUM_PATH),
    args: CHROMIUM_ARGS,
    log: log.child({ component: 'browser' }),
  });
  /** The synthetic user's session, kept between runs like a person's browser keeps it; dropped when a sign-in is refused. */
  let session: StorageState | undefined;
  const appOrigin = new URL(config.APP_URL).origin;

  /** A test address from 198.18.0.0/15 (RFC 2544, benchmarking) per run, a fixed one, or none (see MONITOR_JOURNEY_FORWARDED_FOR). */
  const forwardedFor = (): Record<string, string> | undefined => {
    const setting = config.MONITOR_JOURNEY_FORWARDED_FOR;
    if (!setting) return undefined;
    const address =
      setting === 'per-run' ? `198.${18 + randomInt(2)}.${randomInt(256)}.${1 + randomInt(254)}` : setting;
    return { 'x-forwarded-for': address };
  };

  async function keepEvidence(ctx: CheckContext, context: BrowserContext, page: Page | null): Promise<void> {
    const dir = await ctx.evidenceDir();
    if (page && !page.isClosed()) {
      const file = path.join(dir, 'screenshot.png');
      await page.screenshot({ path: file, fullPage: true, timeout: 5000 }).then(
        () => ctx.addEvidence({ kind: 'SCREENSHOT', path: file, contentType: 'image/png' }),
        (error: unknown) => ctx.log.warn({ err: error }, 'no screenshot'),
      );
    }
    const trace = path.join(dir, 'trace.zip');
    await context.tracing.stop({ path: trace }).then(
      () => ctx.addEvidence({ kind: 'TRACE', path: trace, contentType: 'application/zip' }),
      (error: unknown) => ctx.log.warn({ err: error }, 'no trace'),
    );
  }

  return {
    name: 'chat-journey',
    description: 'the synthetic user signs in, sends a canary in the vendor chat, and its webhook and email follow',
    components: ['chat_ui', 'webhooks', 'email'],
    lagging: false,
    timeoutMs: config.MONITOR_CHAT_JOURNEY_TIMEOUT_MS,
    async run(ctx) {
      const password = config.MONITOR_SYNTHETIC_PASSWORD;
      if (!password) throw new MonitorFault('MONITOR_SYNTHETIC_PASSWORD is not set');
      const context = await ctx.step('browser', 'monitor', () => browser.newContext(forwardedFor(), session));
      let page: Page | null = null;
      let passed = false;
      let evidence: Promise<void> | null = null;
      // On timeout: keep the evidence while the page is still there, then close it so every wait ends.
      const onAbort = () => {
        evidence ??= keepEvidence(ctx, context, page).finally(() => context.close().catch(() => undefined));
      };
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      try {
        await context.tracing.start({ screenshots: true, snapshots: true });
        await context.addInitScript({ content: REPORT_ERRORS });
        page = await context.newPage();
        const recorded = recordBrowser(page, vendor.embedOrigin);
        const nonce = randomUUID();
        ctx.detail({ nonce });
        try {
          const result = await runChatJourney(
            page,
            {
              appUrl: config.APP_URL,
              email: config.MONITOR_SYNTHETIC_EMAIL,
              password,
              projectTitle: config.MONITOR_CANARY_PROJECT,
              nonce,
              uiTimeoutMs: config.MONITOR_UI_TIMEOUT_MS,
            },
            {
              step: (name, fn) =>
                ctx.step(name, JOURNEY_STEPS[name], async () => {
                  const before = recorded.failedRequests.length;
                  try {
                    return await fn();
                  } catch (error) {
                    if (name === 'sign-in') session = undefined;
                    // Our own app refused or failed during the step (limiter, CSRF, auth, 5xx): ours, whatever the step.
                    const refusal = ourAppRefusal(recorded.failedRequests.slice(before), appOrigin);
                    if (refusal && JOURNEY_STEPS[name] !== 'app')
                      throw new StepFailure(name, 'app', `${refusal}: ${describeError(error)}`, {
                        cause: error,
                        answered: true,
                      });
                    throw error;
                  }
                }),
              onSignedIn: async (how) => {
                ctx.detail({ session: how });
                session = await context.storageState();
              },
              diagnose: () =>
                recorded.consoleErrors.find((e) => e.frame === 'embed')?.text.replace(/ \(https?:\/\/[^)]*\)$/, '') ??
                null,
              waitForWebhook: async (vendorMessageId) => {
                ctx.detail({ vendorMessageId });
                const since = new Date(Date.now() - 60_000);
                try {
                  await waitUntil(
                    () => canaryWebhookArrived(db, vendor.name, vendorMessageId, since),
                    config.MONITOR_WEBHOOK_WAIT_MS,
                    ctx.signal,
                    `the vendor's webhook for the canary message did not arrive within ${config.MONITOR_WEBHOOK_WAIT_MS} ms`,
                  );
                } catch (error) {
                  if (!ctx.signal.aborted) metrics.webhooksMissing.inc({ detected_by: 'canary' });
                  throw error;
                }
              },
              waitForEmail: async (vendorMessageId) => {
                try {
                  await waitUntil(
                    async () => {
                      const email = await canaryEmailStatus(db, vendor.name, vendorMessageId);
                      if (email && REFUSED.has(email.status))
                        throw new Error(`the canary email was ${email.status.toLowerCase()}`);
                      return !!email && ACCEPTED.has(email.status);
                    },
                    config.MONITOR_EMAIL_WAIT_MS,
                    ctx.signal,
                    'the canary email was not accepted in time',
                  );
                } catch (error) {
                  if (ctx.signal.aborted) throw error;
                  // Whose fault: SendGrid only if we handed it the email; a webhook whose job waited in our queue is our pipeline's.
                  const state = await canaryPipelineState(
                    db,
                    vendor.name,
                    vendorMessageId,
                    new Date(Date.now() - 5 * 60_000),
                  );
                  const blame = blameEmailWait(state, config.MONITOR_EMAIL_WAIT_MS);
                  throw new StepFailure('email', blame.component, blame.message, { cause: error });
                }
              },
            },
          );
          passed = true;
          ctx.detail({ vendorMessageId: result.vendorMessageId });
        } finally {
          if (!passed) ctx.addBrowserLog(recorded);
        }
      } finally {
        ctx.signal.removeEventListener('abort', onAbort);
        if (!passed) evidence ??= keepEvidence(ctx, context, page);
        else await context.tracing.stop().catch(() => undefined);
        await evidence;
        await context.close().catch(() => undefined);
      }
    },
    reset: () => browser.reset(),
    close: () => browser.close(),
  };
}
