import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/db';
import {
  identityToken,
  OUTCOME_WAIT_MS,
  seedConversation,
  startReceiver,
  startSandbox,
  type Receiver,
  type Running,
} from '../test/harness';

// A parent page on another origin (the "app") frames the embed for each user, as the product does.

let run: Running;
let receiver: Receiver;
let parent: Server;
let appOrigin: string;
let browser: Browser;
let users: [string, string];

function parentPage(embedUrl: string, sandboxOrigin: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>App</title></head><body>
<script>
  window.chatEvents = [];
  window.addEventListener('message', (event) => {
    if (event.origin !== ${JSON.stringify(sandboxOrigin)}) return;
    window.chatEvents.push(event.data);
  });
</script>
<iframe id="chat" title="Chat" src="${embedUrl.replace(/"/g, '&quot;')}" style="width:480px;height:560px;border:0"></iframe>
</body></html>`;
}

beforeAll(async () => {
  parent = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const src = url.searchParams.get('src');
    if (!src) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(parentPage(src, new URL(src).origin));
  });
  await new Promise<void>((resolve) => parent.listen(0, '127.0.0.1', resolve));
  appOrigin = `http://127.0.0.1:${(parent.address() as AddressInfo).port}`;
  receiver = await startReceiver();
  run = await startSandbox(await createTestDatabase(), {
    APP_ORIGIN: appOrigin,
    APP_WEBHOOK_URL: `${receiver.url}/hooks`,
  });
  ({ users } = await seedConversation(run, 'browser'));
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await run?.sandbox.stop();
  await receiver?.close();
  await new Promise<void>((resolve) => (parent ? parent.close(() => resolve()) : resolve()));
});

async function openChat(context: BrowserContext, userId: string): Promise<Page> {
  const page = await context.newPage();
  // Waits on outcomes, bounded generously: how fast the embed is belongs to a benchmark, not to this test.
  page.setDefaultTimeout(OUTCOME_WAIT_MS);
  const embedUrl = `${run.url}/embed/browser?token=${await identityToken(userId)}`;
  await page.goto(`${appOrigin}/?src=${encodeURIComponent(embedUrl)}`, { timeout: OUTCOME_WAIT_MS });
  return page;
}

const chatEvents = (page: Page) =>
  page.evaluate(() => (window as unknown as { chatEvents: { type: string }[] }).chatEvents);

describe('the embedded chat in a browser', () => {
  it('posts chat:ready to the app, delivers live messages, and shows read receipts', async () => {
    const aliceContext = await browser.newContext();
    const bobContext = await browser.newContext();
    try {
      const alice = await openChat(aliceContext, users[0]);
      const bob = await openChat(bobContext, users[1]);
      for (const page of [alice, bob]) {
        await page.waitForFunction(
          () =>
            (window as unknown as { chatEvents: { type: string }[] }).chatEvents.some((e) => e.type === 'chat:ready'),
          null,
          { timeout: OUTCOME_WAIT_MS },
        );
        expect(await chatEvents(page)).toEqual([{ type: 'chat:ready', conversationId: 'browser' }]);
      }

      const aliceFrame = alice.frameLocator('#chat');
      const bobFrame = bob.frameLocator('#chat');
      const composer = aliceFrame.getByLabel('Message', { exact: true });
      await expect.poll(() => composer.getAttribute('data-testid')).toBe('chat-composer');

      // Shift+Enter is a new line, Enter sends.
      await composer.fill('hello');
      await composer.press('Shift+Enter');
      await composer.pressSequentially('bob');
      expect(await composer.inputValue()).toBe('hello\nbob');
      await composer.press('Enter');

      const onBob = bobFrame.locator(`[data-testid="chat-message"][data-sender-id="${users[0]}"]`);
      await onBob.first().waitFor({ state: 'visible', timeout: OUTCOME_WAIT_MS });
      expect(await onBob.first().locator('.text').innerText()).toBe('hello\nbob');
      const messageId = await onBob.first().getAttribute('data-message-id');
      expect(messageId).toMatch(/^msg_/);
      expect(await composer.inputValue()).toBe('');

      // Bob's view is visible, so he reads it; Alice sees the receipt under her message.
      const mine = aliceFrame.locator(`[data-testid="chat-message"][data-message-id="${messageId}"]`);
      await mine.locator('[data-testid="chat-read-receipt"]').waitFor({ state: 'visible', timeout: OUTCOME_WAIT_MS });
      expect(await mine.locator('[data-testid="chat-read-receipt"]').innerText()).toBe('Read');

      // And back: Bob replies with the button.
      await bobFrame.locator('[data-testid="chat-composer"]').fill('hi alice');
      await bobFrame.locator('[data-testid="chat-send"]').click();
      await aliceFrame
        .locator(`[data-testid="chat-message"][data-sender-id="${users[1]}"]`)
        .waitFor({ timeout: OUTCOME_WAIT_MS });

      // The UI's sends produced the same webhooks as the REST API.
      const types = () =>
        receiver.requests.map((r) => JSON.parse(r.body) as { type: string; data: { message?: { id: string } } });
      await expect
        .poll(() => types().filter((e) => e.type === 'message.sent').length, { timeout: OUTCOME_WAIT_MS })
        .toBe(2);
      await expect
        .poll(() => types().filter((e) => e.type === 'message.read').length, { timeout: OUTCOME_WAIT_MS })
        .toBeGreaterThanOrEqual(1);
      expect(types().find((e) => e.type === 'message.sent')?.data.message?.id).toBe(messageId);
    } finally {
      await aliceContext.close();
      await bobContext.close();
    }
  }, 180_000);

  it('with ui-broken: no composer and no chat:ready, only chat:error', async () => {
    await run.call('POST', '/admin/faults', { mode: 'ui-broken' });
    const context = await browser.newContext();
    try {
      const page = await openChat(context, users[0]);
      await page.waitForFunction(
        () => (window as unknown as { chatEvents: { type: string }[] }).chatEvents.some((e) => e.type === 'chat:error'),
        null,
        { timeout: OUTCOME_WAIT_MS },
      );
      // A later event instead of a pause: a marker posted from inside the embed after its error. Messages from one
      // window arrive in the order they were posted, so once the marker is in, so is anything the embed posted
      // before it, including a chat:ready sent alongside (or after) its error.
      const embed = page.frames().find((f) => f.url().startsWith(`${run.url}/embed/`));
      expect(embed, 'the embed frame').toBeDefined();
      await embed!.evaluate((origin) => window.parent.postMessage({ type: 'test:marker' }, origin), appOrigin);
      await page.waitForFunction(
        () =>
          (window as unknown as { chatEvents: { type: string }[] }).chatEvents.some((e) => e.type === 'test:marker'),
        null,
        { timeout: OUTCOME_WAIT_MS },
      );
      const events = (await chatEvents(page)).filter((e) => e.type !== 'test:marker');
      expect(events.some((e) => e.type === 'chat:ready')).toBe(false);
      expect(events.find((e) => e.type === 'chat:error')).toMatchObject({
        type: 'chat:error',
        conversationId: 'browser',
        message: expect.any(String),
      });
      expect(await page.frameLocator('#chat').locator('[data-testid="chat-composer"]').count()).toBe(0);
    } finally {
      await context.close();
      await run.call('DELETE', '/admin/faults');
    }
  }, 90_000);
});
