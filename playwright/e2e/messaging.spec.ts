import { expect, test } from '@playwright/test';
import {
  chatFrame,
  demo,
  embedLoads,
  embedLoadSecondsCount,
  expectChatReady,
  newClient,
  sendInChat,
  signIn,
} from './support/marketplace';

test('a client signs up, starts a project with a designer, and they chat in real time', async ({
  browser,
  request,
}) => {
  const before = await embedLoads(request);
  const observedBefore = await embedLoadSecondsCount(request);
  const client = await newClient(browser);
  const designer = await newClient(browser);
  try {
    const email = `new-client-${Date.now()}@example.test`;
    const title = `Bakery rebrand ${Date.now()}`;

    // Sign up as a client.
    await client.page.goto('/sign-up');
    await client.page.getByTestId('sign-up-role-client').check();
    await client.page.getByLabel('Your name').fill('Nina Newclient');
    await client.page.getByLabel('Email').fill(email);
    await client.page.getByLabel('Password').fill('a long enough password');
    await client.page.getByRole('button', { name: 'Create account' }).click();
    await expect(client.page).toHaveURL(/\/projects$/);
    await expect(client.page.getByTestId('current-user')).toHaveText('Nina Newclient');

    // Start a project with Dana from the directory.
    await client.page.getByTestId('new-project').click();
    await client.page.getByLabel('Project title').fill(title);
    await client.page.getByTestId('designer-directory').getByText('Dana Designer').click();
    await expect(client.page.getByTestId('designer-directory')).toContainText('Brand identity');
    await client.page.getByRole('button', { name: 'Create project' }).click();
    await expect(client.page).toHaveURL(/\/projects\/[0-9a-f-]{36}$/);
    await expect(client.page.getByTestId('project-title')).toHaveText(title);
    await expectChatReady(client.page);

    // Dana signs in elsewhere: the new project is there, marked unread.
    await signIn(designer.page, demo('dana'));
    const row = designer.page.getByTestId('project-row').filter({ hasText: title });
    await expect(row).toHaveAttribute('data-unread', 'true');
    await row.getByRole('link').click();
    await expectChatReady(designer.page);

    // Each message appears on the other side (its latency is a benchmark's business; a test waits for the outcome).
    const hello = `Hello Dana, ${Date.now()}`;
    await sendInChat(client.page, hello);
    await expect(chatFrame(designer.page).getByTestId('chat-message').filter({ hasText: hello })).toBeVisible();
    const reply = `Hi Nina! ${Date.now()}`;
    await sendInChat(designer.page, reply);
    await expect(chatFrame(client.page).getByTestId('chat-message').filter({ hasText: reply })).toBeVisible();

    // Both embeds were reported by real-user monitoring as ready, with a load time.
    await expect.poll(async () => (await embedLoads(request)).ready - before.ready).toBeGreaterThanOrEqual(2);
    expect(await embedLoadSecondsCount(request)).toBeGreaterThanOrEqual(observedBefore + 2);
  } finally {
    await client.context.close();
    await designer.context.close();
  }
});

test('sign-up explains what is wrong, inline, and refuses a taken email', async ({ browser }) => {
  const { context, page } = await newClient(browser);
  try {
    await page.goto('/sign-up');
    await page.getByTestId('sign-up-role-designer').check();
    await page.getByLabel('Your name').fill('Dup Licate');
    await page.getByLabel('Email').fill(demo('dana'));
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByTestId('password-error')).toHaveText('Use at least 10 characters.');
    await expect(page.getByTestId('speciality-error')).toContainText('Tell clients what you design');

    await page.getByLabel('Password').fill('a long enough password');
    await page.getByLabel('Speciality').fill('Illustration');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByTestId('email-error')).toHaveText(
      'An account with this email already exists. Sign in, or reset your password.',
    );
    await expect(page).toHaveURL(/\/sign-up$/);
  } finally {
    await context.close();
  }
});

test('sign-in is limited to 5 failed attempts a minute from one client', async ({ browser }) => {
  const { context, page } = await newClient(browser);
  try {
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(`nobody-${Date.now()}@example.test`);
    await page.getByLabel('Password').fill('guessing-password');
    const submit = page.getByRole('button', { name: 'Sign in' });
    const attempt = async () => {
      const answer = page.waitForResponse(
        (r) => r.url().endsWith('/api/auth/sign-in/email') && r.request().method() === 'POST',
      );
      // The form clears a refused password; type it again as a person would.
      await page.getByLabel('Password').fill(password);
      await submit.click();
      const status = (await answer).status();
      // Wait for the form to have cleared the refused password, or the next fill can land before the clearing
      // and submit an empty field (refused in the browser, so no request and no answer).
      if (status !== 200) await expect(page.getByLabel('Password')).toHaveValue('');
      return status;
    };
    let password = 'guessing-password';
    for (let i = 0; i < 5; i++) expect(await attempt()).toBe(401);
    await expect(page.getByTestId('sign-in-error')).toHaveText('Wrong email or password.');
    // After 5 failures from this address, even the right password waits: the limit counts failed attempts.
    await page.getByLabel('Email').fill(demo('colin'));
    password = 'chatwatch-demo';
    expect(await attempt()).toBe(429);
    await expect(page.getByTestId('sign-in-error')).toHaveText('Too many attempts. Wait a minute and try again.');
    await expect(page).toHaveURL(/\/sign-in/);
  } finally {
    await context.close();
  }
});

test('notification preferences are saved and shown again', async ({ browser }) => {
  const { context, page } = await newClient(browser);
  try {
    await signIn(page, demo('diego'));
    await page.getByRole('link', { name: 'Notifications' }).click();
    await page.getByTestId('email-mode-digest').check();
    await page.getByTestId('quiet-hours').check();
    await page.getByLabel('From').fill('21:30');
    await page.getByLabel('Until').fill('06:45');
    await page.getByLabel('Time zone').selectOption('Europe/Paris');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('settings-saved')).toBeVisible();
    await page.reload();
    await expect(page.getByTestId('email-mode-digest')).toBeChecked();
    await expect(page.getByLabel('From')).toHaveValue('21:30');
    await expect(page.getByLabel('Time zone')).toHaveValue('Europe/Paris');

    await page.getByLabel('Until').fill('21:30');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('quietEnd-error')).toHaveText(
      'Quiet hours must end at a different time than they start.',
    );
  } finally {
    await context.close();
  }
});
