import { expect, test } from '@playwright/test';
import { expectFitsAndCapture, VIEWPORTS } from './support/layout';
import { demo, expectChatReady, newClient, sendInChat, signIn, startProject } from './support/marketplace';

// Support's day: one search (by name) that /support and /projects answer alike, and a trace that answers
// "did Dana get it?" in one sentence per message, in one time format and one order.

test('support finds a conversation by a name and reads one sentence per message in one time format', async ({
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  const clara = await newClient(browser);
  const sam = await newClient(browser);
  try {
    await signIn(clara.page, demo('clara'));
    const title = `Support day ${Date.now()}`;
    const projectId = await startProject(clara.page, title, 'Dana Designer');
    await expectChatReady(clara.page);
    const text = `Can you start Monday? ${Date.now()}`;
    await sendInChat(clara.page, text);

    await signIn(sam.page, demo('sam'));
    const page = sam.page;

    // One search everywhere: a name ("dana", not an email) and an email find the same projects, the same list,
    // on /support and /projects.
    const projectsOn = async (path: string, testId: string) => {
      await page.goto(path);
      const ids = await page.getByTestId(testId).evaluateAll((rows) => rows.map((r) => r.dataset.projectId ?? ''));
      return ids.sort();
    };
    for (const query of ['dana', demo('dana')]) {
      const support = await projectsOn(`/support?q=${encodeURIComponent(query)}`, 'support-result');
      const projects = await projectsOn(`/projects?q=${encodeURIComponent(query)}`, 'staff-project-row');
      expect(support, query).toContain(projectId);
      expect(support, query).toEqual(projects);
    }

    // The trace: Dana got the new-inquiry email, said in one sentence; cards say who is who once.
    await expect(async () => {
      await page.goto(`/support/conversations/${projectId}`);
      await expect(
        page.getByTestId('trace-message').filter({ hasText: text }).getByTestId('trace-message-outcome'),
      ).toHaveText(/^emailed to Dana Designer \d\d:\d\d, delivered \d\d:\d\d$/, { timeout: 1_000 });
    }).toPass({ timeout: 40_000 });
    expect((await page.getByTestId('trace-participant-role').allTextContents()).sort()).toEqual([
      '· client',
      '· designer',
    ]);
    await expect(page.getByTestId('trace-time-zone')).toContainText('UTC');
    // Every time on the page has one format, with its zone.
    for (const time of await page.getByTestId('trace-time').allTextContents())
      expect(time).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d:\d\d UTC/);
    // The timeline is in time order.
    const times = await page
      .getByTestId('timeline-item')
      .evaluateAll((items) => items.map((i) => Math.floor(Date.parse(i.getAttribute('data-at')!) / 1000)));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport);
      await expectFitsAndCapture(page, testInfo, 'support trace');
      await page.goto('/support');
      await expectFitsAndCapture(page, testInfo, 'support search');
      await page.goto(`/support/conversations/${projectId}`);
    }
  } finally {
    await clara.context.close();
    await sam.context.close();
  }
});
