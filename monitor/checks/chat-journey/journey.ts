import type { Page, Response } from 'playwright-core';
import { StepFailure } from '../errors';
import { blameFallback } from './blame';

// The synthetic chat journey, as a plain script over a Playwright page: the monitor runs it every minute
// (./check.ts) and the end-to-end tests run the same code. It drives the real pages
// with the selectors a person's browser sees; the waits for the webhook and the email are passed in,
// because the monitor reads them from the database and a test may read them elsewhere.

/**
 * Each step and the component a failure in it is blamed on by default. Signing in and opening the project are
 * our own app's pages (its limiter, CSRF and auth included): a failure there is ours, never the vendor's.
 */
export const JOURNEY_STEPS = {
  'sign-in': 'app',
  'open-project': 'app',
  'chat-ready': 'chat_ui',
  'send-message': 'chat_ui',
  webhook: 'webhooks',
  email: 'email',
} as const;

export type JourneyStep = keyof typeof JOURNEY_STEPS;

/** What the journey looks for on our pages and in the vendor's iframe. */
export const SELECTORS = {
  frame: '[data-testid=chat-frame]',
  readyFrame: '[data-testid=chat-frame][data-phase=ready]',
  fallback: '[data-testid=fallback-notice]',
  signInError: '[data-testid=sign-in-error]',
  projectList: '[data-testid=project-list]',
  composer: '[data-testid=chat-composer]',
  send: '[data-testid=chat-send]',
  message: '[data-testid=chat-message]',
} as const;

export interface JourneyInput {
  appUrl: string;
  email: string;
  password: string;
  /** The title of the project to open (the synthetic user's canary project). */
  projectTitle: string;
  /** Unique per run: the canary message carries it. */
  nonce: string;
  /** Each browser wait. */
  uiTimeoutMs: number;
}

export interface JourneyHooks {
  /** Times and records a step; defaults to running it. */
  step?: <T>(name: JourneyStep, fn: () => Promise<T>) => Promise<T>;
  /** Resolves once the app has recorded the vendor's webhook for this message. */
  waitForWebhook: (vendorMessageId: string) => Promise<void>;
  /** Resolves once the email that message causes has been accepted by SendGrid. */
  waitForEmail: (vendorMessageId: string) => Promise<void>;
  /** What the vendor's UI reported when it failed (e.g. its chat:error), to put in the failure message. */
  diagnose?: () => string | null;
  /** Called once the page is signed in (whether the session was reused or new): the monitor keeps the session then. */
  onSignedIn?: (session: 'reused' | 'new') => Promise<void>;
}

export interface JourneyResult {
  vendorMessageId: string;
  text: string;
  /** `reused`: the page opened signed in (a kept session); `new`: the journey had to sign in. */
  session: 'reused' | 'new';
}

/** The canary's text: recognisable in the vendor's logs and unique per run. */
export const canaryText = (nonce: string) => `ChatWatch canary ${nonce}`;

/** Settles with the first of `waits` to settle; the others' later rejections are swallowed (they lost the race). */
async function first<T>(waits: Promise<T>[]): Promise<T> {
  for (const w of waits) w.catch(() => undefined);
  return Promise.race(waits);
}

/** Rejects when the embed's document answers an error status (the vendor UI is down), instead of waiting for a timeout. */
function embedAnswersError(page: Page, timeoutMs: number): { promise: Promise<never>; dispose: () => void } {
  let onResponse: (response: Response) => void = () => undefined;
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<never>((_, reject) => {
    onResponse = (response) => {
      const frame = response.frame();
      if (frame !== page.mainFrame() && response.request().isNavigationRequest() && response.status() >= 400) {
        reject(
          new Error(
            `the chat iframe's page answered ${response.status()} ${response.statusText()} (${new URL(response.url()).origin})`,
          ),
        );
      }
    };
    page.on('response', onResponse);
    timer = setTimeout(() => reject(new Error('superseded')), timeoutMs + 1000);
  });
  return {
    promise,
    dispose: () => {
      page.off('response', onResponse);
      clearTimeout(timer);
    },
  };
}

/**
 * Signs in as the synthetic user, opens the canary project, waits for the vendor iframe and its composer,
 * sends a canary message with the nonce, then waits for its webhook and its email. Throws on the first
 * thing that does not happen in time; the caller closes the page's context.
 */
export async function runChatJourney(page: Page, input: JourneyInput, hooks: JourneyHooks): Promise<JourneyResult> {
  const step = hooks.step ?? (<T>(_name: JourneyStep, fn: () => Promise<T>) => fn());
  const timeout = input.uiTimeoutMs;
  page.setDefaultTimeout(timeout);
  page.setDefaultNavigationTimeout(timeout);

  // Like a person who stays signed in: open the projects page with the kept session, and sign in only when
  // the app sends us to the sign-in page (no session yet, or it expired or was revoked).
  const session = await step('sign-in', async (): Promise<'reused' | 'new'> => {
    await page.goto(`${input.appUrl.replace(/\/+$/, '')}/projects`, { timeout });
    const landed = await first([
      page
        .locator(SELECTORS.projectList)
        .waitFor({ state: 'visible', timeout })
        .then(() => 'projects' as const),
      page
        .getByLabel('Email')
        .waitFor({ state: 'visible', timeout })
        .then(() => 'sign-in' as const),
    ]);
    if (landed === 'projects') return 'reused';
    await page.getByLabel('Email').fill(input.email);
    await page.getByLabel('Password').fill(input.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await first([
      page.waitForURL(/\/projects(\?.*)?$/, { timeout }),
      page
        .locator(SELECTORS.signInError)
        .waitFor({ state: 'visible', timeout })
        .then(async () => {
          throw new Error(
            `sign-in refused: ${(await page.locator(SELECTORS.signInError).textContent({ timeout: 1000 }))?.trim()}`,
          );
        }),
    ]);
    return 'new';
  });
  await hooks.onSignedIn?.(session);

  // Watching starts before the project page loads: the embed's document is requested with it.
  const embedError = embedAnswersError(page, timeout * 2);
  try {
    await step('open-project', async () => {
      await page
        .locator(SELECTORS.projectList)
        .getByRole('link', { name: input.projectTitle })
        .first()
        .click({ timeout });
      await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/, { timeout });
    });

    await step('chat-ready', async () => {
      const composer = page.frameLocator(SELECTORS.frame).locator(SELECTORS.composer);
      await first([
        page
          .locator(SELECTORS.readyFrame)
          .waitFor({ state: 'visible', timeout })
          .then(() => composer.waitFor({ state: 'visible', timeout })),
        page
          .locator(SELECTORS.fallback)
          .waitFor({ state: 'visible', timeout })
          .then(async () => {
            // The page states why it fell back: the vendor's API, the vendor's UI, or our own part.
            const cause = await page
              .locator(SELECTORS.fallback)
              .getAttribute('data-cause', { timeout: 1000 })
              .catch(() => null);
            const blame = blameFallback(cause);
            const detail = blame.component === 'chat_ui' ? hooks.diagnose?.() : null;
            throw new StepFailure(
              'chat-ready',
              blame.component,
              `the page shows the fallback composer: ${blame.message}${detail ? ` (${detail})` : ''}`,
            );
          }),
        embedError.promise,
      ]);
    });
  } finally {
    embedError.dispose();
  }

  const text = canaryText(input.nonce);
  const vendorMessageId = await step('send-message', async () => {
    const frame = page.frameLocator(SELECTORS.frame);
    await frame.locator(SELECTORS.composer).fill(text, { timeout });
    await frame.locator(SELECTORS.send).click({ timeout });
    const sent = frame.locator(SELECTORS.message, { hasText: input.nonce });
    await sent.waitFor({ state: 'visible', timeout });
    const id = await sent.getAttribute('data-message-id', { timeout });
    if (!id) throw new Error('the sent message shows no vendor message id');
    return id;
  });

  await step('webhook', () => hooks.waitForWebhook(vendorMessageId));
  await step('email', () => hooks.waitForEmail(vendorMessageId));
  return { vendorMessageId, text, session };
}
