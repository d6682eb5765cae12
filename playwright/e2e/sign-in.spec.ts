import { expect, test } from '@playwright/test';

// Its own client address: the synthetic monitor in the same stack signs in from 127.0.0.1 too, and sign-in is
// limited to 5 attempts a minute per address (docs/messaging.md § Accounts and sessions).
test.use({ extraHTTPHeaders: { 'x-forwarded-for': '198.51.99.1' } });

test('a signed-out visitor is sent to the sign-in page and comes back after signing in', async ({ page }) => {
  await page.goto('/projects');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fprojects/);
  await page.getByLabel('Email').fill('clara@demo.chatwatch.test');
  await page.getByLabel('Password').fill('chatwatch-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/projects$/);
  await expect(page.getByTestId('current-user')).toHaveText('Clara Client');
  // Seeded projects; other specs in the run may add more of Clara's.
  for (const title of ['Logo refresh for Clara’s bakery', 'Landing page for Clara’s bakery']) {
    await expect(page.getByTestId('project-row').filter({ hasText: title })).toHaveCount(1);
  }
});

test('a wrong password is refused with a clear message', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill('colin@demo.chatwatch.test');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('sign-in-error')).toHaveText('Wrong email or password.');
  await expect(page).toHaveURL(/\/sign-in/);
});

test('the health endpoint reports the database and migrations', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body).toMatchObject({ status: 'ok', database: { ok: true }, migrations: { ok: true, pending: [] } });
});
