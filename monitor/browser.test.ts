// The monitor's warm Chromium (real browser): reset() ends a wedged browser — every Chromium process SIGSTOPped,
// as a starved or hung browser looks to us — by killing its processes, and the next run gets a fresh one.
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from '../lib/browser/chromium';
import { chromiumPids, releaseWedged, wedgeChromium } from '../test/support/chromium';
import { WarmBrowser } from './browser';

afterEach(releaseWedged);

describe('WarmBrowser', () => {
  it('kills a wedged Chromium on reset, browser process included, and relaunches for the next run', async () => {
    const browser = new WarmBrowser({
      executablePath: findChromium,
      args: CHROMIUM_ARGS,
      log: pino({ level: 'silent' }),
    });
    const first = await browser.newContext();
    await first.close();
    expect((await wedgeChromium()).length).toBeGreaterThan(1);

    await browser.reset();
    expect(await chromiumPids()).toEqual([]);

    const next = await browser.newContext();
    const page = await next.newPage();
    await page.setContent('<p id="ok">fresh</p>');
    expect(await page.textContent('#ok')).toBe('fresh');
    await browser.close();
    expect(await chromiumPids()).toEqual([]);
  }, 120_000);
});
