import { expect, test, type Page } from '@playwright/test';
import { expectFitsAndCapture, VIEWPORTS } from './support/layout';
import { demo, newClient, signIn } from './support/marketplace';

// Every role's main pages at a phone width and a laptop width: no horizontal scroll, and a screenshot of each kept
// as an artifact of the run.

/** The first link under `selector` on `from`, as a path (e.g. a seeded project or a support trace). */
async function firstLink(page: Page, from: string, selector: string): Promise<string> {
  await page.goto(from);
  const href = await page.locator(selector).first().getAttribute('href');
  expect(href, `a link under ${selector} on ${from}`).toBeTruthy();
  return href!;
}

const ROLES: { role: string; user: string | null; pages: (page: Page) => Promise<string[]> }[] = [
  { role: 'signed-out', user: null, pages: async () => ['/sign-in', '/sign-up', '/forgot-password'] },
  {
    role: 'client',
    user: 'clara',
    pages: async (page) => [
      '/projects',
      await firstLink(page, '/projects', '[data-testid=project-list] a'),
      '/projects/new',
      '/settings/notifications',
    ],
  },
  {
    role: 'designer',
    user: 'dana',
    pages: async (page) => ['/projects', await firstLink(page, '/projects', '[data-testid=project-list] a')],
  },
  {
    role: 'support',
    user: 'sam',
    pages: async (page) => [
      '/support',
      await firstLink(page, '/support', '[data-testid=support-result] a'),
      '/projects',
      '/status',
    ],
  },
  { role: 'manager', user: 'maya', pages: async () => ['/reports', '/status'] },
  {
    role: 'admin',
    user: 'ada',
    pages: async () => ['/admin/users', '/admin/maintenance', '/admin/tokens', '/status/settings'],
  },
];

for (const { role, user, pages } of ROLES) {
  test(`${role}: main pages fit a phone and a laptop without horizontal scroll`, async ({ browser }, testInfo) => {
    const { context, page } = await newClient(browser);
    try {
      if (user) await signIn(page, demo(user));
      const paths = await pages(page);
      for (const viewport of VIEWPORTS) {
        await page.setViewportSize({ width: viewport.width, height: viewport.height });
        for (const path of paths) {
          await page.goto(path);
          await expect(page.locator('main').first()).toBeVisible();
          await expectFitsAndCapture(page, testInfo, `${role} ${path}`);
        }
      }
    } finally {
      await context.close();
    }
  });
}
