import { expect, test } from '@playwright/test';
import { expectFitsAndCapture, VIEWPORTS } from './support/layout';
import { closeDb, db } from './support/monitor';
import {
  chatFrame,
  DEMO_PASSWORD,
  demo,
  expectChatReady,
  newClient,
  sendInChat,
  signIn,
  startProject,
} from './support/marketplace';

// A client's day: sign in (form checks first), start a project, see the designer's reply arrive live, leave by
// closing the tab, and find the project read — at phone and laptop widths.

test('a client signs in, chats, and what they saw live stays read however they left', async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const clara = await newClient(browser);
  const dana = await newClient(browser);
  try {
    const page = clara.page;
    await page.setViewportSize(VIEWPORTS[0]);
    const signInCalls: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/auth/sign-in')) signInCalls.push(r.url());
    });

    // The form checks itself first: an empty submit and a malformed email never reach the server.
    await page.goto('/sign-in');
    await expect(page.locator('link[rel=icon]')).toHaveCount(1);
    const icon = await page.request.get((await page.locator('link[rel=icon]').getAttribute('href'))!);
    expect(icon.status()).toBe(200);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('sign-in-error')).toHaveText('Enter your email and password.');
    await page.getByLabel('Email').fill('clara');
    await page.getByLabel('Password').fill('x');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('sign-in-error')).toHaveText('Enter an email address like name@example.com.');
    await expectFitsAndCapture(page, testInfo, 'client sign-in error');

    // A wrong password is refused by the server (the first call that counts) and the field is cleared.
    await page.getByLabel('Email').fill(demo('clara'));
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('sign-in-error')).toHaveText('Wrong email or password.');
    await expect(page.getByLabel('Password')).toHaveValue('');
    expect(signInCalls).toHaveLength(1);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/projects$/);
    expect(signInCalls).toHaveLength(2);
    await expectFitsAndCapture(page, testInfo, 'client projects');

    // A new project with Dana; the chat does not repeat the page's title and "with Dana".
    const title = `Client day ${Date.now()}`;
    const projectId = await startProject(page, title, 'Dana Designer');
    await expectChatReady(page);
    await expect(page.getByTestId('project-other-party')).toContainText('with Dana Designer');
    await expect(chatFrame(page).locator('header')).toHaveCount(0);
    await expectFitsAndCapture(page, testInfo, 'client project');
    await sendInChat(page, `Hello Dana ${Date.now()}`);

    // Dana answers; Clara sees it arrive live, then closes the tab (no in-app navigation).
    await signIn(dana.page, demo('dana'));
    await dana.page.goto(`/projects/${projectId}`);
    await expectChatReady(dana.page);
    const reply = `Happy to help ${Date.now()}`;
    await sendInChat(dana.page, reply);
    await expect(chatFrame(page).getByTestId('chat-message').filter({ hasText: reply })).toHaveCount(1);
    // Recorded on our side (its webhook processed), so "unread" has something to be about.
    await expect
      .poll(async () => (await db().query('SELECT 1 FROM message WHERE text = $1', [reply])).rowCount, {
        timeout: 20_000,
      })
      .toBe(1);
    await page.close();

    // Reopened later: the project is not "new activity" — she has seen the reply (the vendor's read event).
    const again = await clara.context.newPage();
    const row = again.getByTestId('project-row').filter({ hasText: title });
    await expect(async () => {
      await again.goto('/projects');
      await expect(row).toHaveAttribute('data-unread', 'false', { timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
    await expect(row).not.toContainText('new activity');
    for (const viewport of VIEWPORTS) {
      await again.setViewportSize(viewport);
      await expectFitsAndCapture(again, testInfo, 'client projects after reading');
    }
  } finally {
    await closeDb();
    await clara.context.close();
    await dana.context.close();
  }
});
