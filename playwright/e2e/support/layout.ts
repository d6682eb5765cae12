import { expect, type Page, type TestInfo } from '@playwright/test';

/** The two widths every main page is checked at: a phone (390 × 844) and a laptop (1280 × 800). */
export const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
] as const;

/** The widest elements that stick out of the viewport, for a failure message that says where to look. */
async function overflowingElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const limit = window.innerWidth;
    const out: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const rect = el.getBoundingClientRect();
      if (rect.right > limit + 0.5 && rect.width > 0) {
        const id = el.getAttribute('data-testid') ?? el.id ?? '';
        out.push(
          `${el.tagName.toLowerCase()}${id ? `[${id}]` : ''}.${String(el.className).slice(0, 60)} right=${Math.round(rect.right)}`,
        );
      }
    }
    return out.slice(-8);
  });
}

/**
 * Asserts the page has no horizontal scroll (`document.documentElement.scrollWidth ≤ innerWidth`) and keeps a
 * full-page screenshot of it as a test artifact (attached to the report and written under the test's outputDir).
 */
export async function expectFitsAndCapture(page: Page, testInfo: TestInfo, label: string) {
  await page.waitForLoadState('load');
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  const file = testInfo.outputPath(`${label.replace(/[^a-z0-9-]+/gi, '-')}-${innerWidth}px.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(`${label} at ${innerWidth} px`, { path: file, contentType: 'image/png' });
  const culprits = scrollWidth > innerWidth ? await overflowingElements(page) : [];
  expect(
    scrollWidth,
    `${label} at ${innerWidth} px scrolls sideways; widest: ${culprits.join(' | ')}`,
  ).toBeLessThanOrEqual(innerWidth);
}
