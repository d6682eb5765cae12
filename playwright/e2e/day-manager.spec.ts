import { expect, test } from '@playwright/test';
import { expectFitsAndCapture, VIEWPORTS } from './support/layout';
import { demo, newClient, signIn } from './support/marketplace';

// A manager's day: the reports and the status page, readable on a phone and a laptop; the status page's
// relative times keep counting between live updates.

test('a manager reads reports and status at both widths; relative times tick between updates', async ({
  browser,
}, testInfo) => {
  const maya = await newClient(browser);
  try {
    const page = maya.page;
    await signIn(page, demo('maya'));
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport);
      for (const path of ['/reports', '/status']) {
        await page.goto(path);
        await expect(page.locator('main').first()).toBeVisible();
        await expectFitsAndCapture(page, testInfo, `manager ${path}`);
      }
    }

    // "updated 14:02 UTC (3 s ago)" counts on by itself: the text changes while the render it describes does not.
    const updated = page.getByTestId('rendered-at');
    await expect(async () => {
      const at = await updated.getAttribute('data-at');
      const text = await updated.innerText();
      await expect(updated).not.toHaveText(text, { timeout: 3_000 });
      expect(await updated.getAttribute('data-at')).toBe(at);
    }).toPass({ timeout: 20_000 });
    await expect(updated).toHaveText(/ago\)$/);
  } finally {
    await maya.context.close();
  }
});
