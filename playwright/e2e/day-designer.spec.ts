import { expect, test } from '@playwright/test';
import { expectFitsAndCapture, VIEWPORTS } from './support/layout';
import {
  chatFrame,
  clearFaults,
  demo,
  expectChatReady,
  newClient,
  signIn,
  startFault,
  startProject,
} from './support/marketplace';

// A designer's day when the vendor's chat UI is down: our composer at once (never the vendor's error page), and
// after recovery a note worded for someone who wrote nothing meanwhile.

test.describe.configure({ mode: 'serial' });

test('a designer meets a vendor outage: the fallback shows within 2 s and recovery is worded for them', async ({
  browser,
  request,
}, testInfo) => {
  test.setTimeout(120_000);
  const clara = await newClient(browser);
  const dana = await newClient(browser);
  try {
    // Clara starts a project with Dana while the chat works.
    await signIn(clara.page, demo('clara'));
    const title = `Designer day ${Date.now()}`;
    const projectId = await startProject(clara.page, title, 'Dana Designer');
    await expectChatReady(clara.page);
    await clara.context.close();

    await signIn(dana.page, demo('dana'));
    await dana.page.setViewportSize(VIEWPORTS[0]);
    await expect(dana.page.getByTestId('project-row').filter({ hasText: title })).toHaveAttribute(
      'data-unread',
      'true',
    );
    await expectFitsAndCapture(dana.page, testInfo, 'designer projects');

    // The vendor's UI answers 503: the fallback comes up; the error page never shows.
    await startFault(request, 'ui-down');
    await dana.page.goto(`/projects/${projectId}`);
    await expect(dana.page.getByTestId('fallback-notice')).toBeVisible();
    await expect(dana.page.getByTestId('fallback-composer')).toBeVisible();
    await expect(dana.page.locator('[data-testid=chat-frame]')).toBeHidden();
    for (const viewport of VIEWPORTS) {
      await dana.page.setViewportSize(viewport);
      await expectFitsAndCapture(dana.page, testInfo, 'designer fallback');
    }

    // Back again: Dana wrote nothing, so she is not told her messages are being added.
    await clearFaults(request);
    await expect(dana.page.locator('[data-testid=chat-frame][data-phase=ready]')).toBeVisible({ timeout: 45_000 });
    await expect(dana.page.getByTestId('chat-restored')).toHaveText('The chat is back.');
    await expect(chatFrame(dana.page).getByTestId('chat-composer')).toBeVisible();
  } finally {
    await clearFaults(request);
    await dana.context.close();
  }
});
