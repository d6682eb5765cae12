import { expect, test, type Page } from '@playwright/test';
import { demo, expectChatReady, mailboxFor, newClient, sendInChat, signIn } from './support/marketplace';

// A real chat in the sandbox (iframe → vendor → signed webhook → worker → SendGrid stand-in → signed event
// webhook), read back by support in the delivery trace. The e2e stack sends unread emails after 3 s.

/** Reloads the trace until `check` passes: the worker and SendGrid's events arrive on their own schedule. */
async function reloadUntil(page: Page, check: () => Promise<void>, timeout = 30_000) {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout, intervals: [500, 1000] });
}

test('support sees a real chat’s full chain: message → webhook → email → delivered', async ({ browser }) => {
  const client = await newClient(browser);
  const support = await newClient(browser);
  const title = `Trace me ${Date.now()}`;
  try {
    // Clara starts a project with Diego and writes twice.
    await signIn(client.page, demo('clara'));
    await client.page.goto('/projects/new');
    await client.page.getByLabel('Project title').fill(title);
    await client.page.getByTestId('designer-directory').getByText('Diego Designer').click();
    await client.page.getByRole('button', { name: 'Create project' }).click();
    await expect(client.page).toHaveURL(/\/projects\/[0-9a-f-]{36}$/);
    const projectId = client.page.url().split('/').pop()!;
    await expectChatReady(client.page);
    const first = `First question ${Date.now()}`;
    const second = `One more thing ${Date.now()}`;
    await sendInChat(client.page, first);
    await sendInChat(client.page, second);

    // Support finds the conversation by the designer's email.
    await signIn(support.page, demo('sam'));
    await support.page.goto('/support');
    await support.page.getByTestId('support-search').fill(demo('diego'));
    await support.page.getByRole('button', { name: 'Search' }).click();
    await support.page.getByTestId('support-result').filter({ hasText: title }).getByRole('link').click();
    await expect(support.page).toHaveURL(new RegExp(`/support/conversations/${projectId}$`));
    await expect(support.page.getByTestId('trace-title')).toHaveText(title);

    // Both messages came in by webhook; the first became Diego's new-inquiry email, the second his unread email; both delivered.
    const page = support.page;
    await reloadUntil(page, async () => {
      const rows = page.getByTestId('trace-message');
      await expect(rows).toHaveCount(2);
      await expect(rows.nth(0)).toContainText(first);
      await expect(rows.nth(0)).toContainText('received');
      // Each row ends in one sentence that answers "did Diego get it?".
      await expect(rows.nth(0).getByTestId('trace-message-outcome')).toHaveText(
        /^emailed to Diego Designer \d\d:\d\d, delivered \d\d:\d\d$/,
      );
      await expect(rows.nth(1).getByTestId('trace-message-outcome')).toHaveText(
        /^emailed to Diego Designer \d\d:\d\d, delivered \d\d:\d\d$/,
      );
      await expect(page.locator('[data-testid=trace-email][data-template=new-inquiry]')).toHaveAttribute(
        'data-status',
        'delivered',
      );
      await expect(page.locator('[data-testid=trace-email][data-template=unread-messages]')).toHaveAttribute(
        'data-status',
        'delivered',
      );
    });
    const unread = page.locator('[data-testid=trace-email][data-template=unread-messages]');
    // The steps in the order they happened (SendGrid's whole-second times do not jump ahead of ours).
    await expect(unread.getByTestId('trace-email-step')).toHaveCount(5);
    expect(
      await unread.getByTestId('trace-email-step').evaluateAll((els) => els.map((e) => e.getAttribute('data-step'))),
    ).toEqual(['queued', 'sending', 'sent', 'processed', 'delivered']);
    // One time format, in the reader's zone (UTC for the demo staff), with the clock named and gaps shown.
    await expect(page.getByTestId('trace-time-zone')).toContainText('UTC');
    await expect(unread.getByTestId('trace-time').first()).toHaveText(
      /^\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d:\d\d UTC · our clock$/,
    );
    await expect(unread.getByTestId('trace-gap').first()).toHaveText(/^ · \+\d/);
    const timeline = page.getByTestId('trace-timeline');
    await expect(timeline).toContainText('Webhook message.sent received');
    await expect(timeline).toContainText('Email new-inquiry to Diego Designer: delivered (SendGrid)');
    await expect(page.getByTestId('trace-participant').filter({ hasText: 'Diego Designer' })).toContainText(
      'immediate',
    );

    // Diego's mailbox has them; the unread email's unsubscribe link works (confirmation first, then done).
    const mails = await mailboxFor(page.request, demo('diego'));
    const unreadMail = mails.find((m) => m.text?.includes(second));
    expect(mails.some((m) => m.subject === `New client inquiry from Clara Client: ${title}`)).toBe(true);
    const link = /https?:\/\/\S+\/api\/unsubscribe\?token=[\w.%-]+/.exec(unreadMail?.text ?? '')?.[0];
    expect(link, 'unsubscribe link in the unread email').toBeTruthy();
    await page.goto(link!);
    await page.getByTestId('unsubscribe-confirm').click();
    await expect(page.getByTestId('unsubscribe-done')).toBeVisible();
    await page.goto(`/support/conversations/${projectId}`);
    await expect(page.getByTestId('trace-participant').filter({ hasText: 'Diego Designer' })).toContainText(
      'unread-messages',
    );
  } finally {
    await client.context.close();
    await support.context.close();
  }
});

test('the delivery trace is for staff only: members get 404', async ({ browser }) => {
  const member = await newClient(browser);
  try {
    await signIn(member.page, demo('colin'));
    for (const path of ['/support', '/support/conversations/00000000-0000-4000-8000-000000000000']) {
      expect((await member.page.goto(path))?.status(), path).toBe(404);
    }
  } finally {
    await member.context.close();
  }
});
