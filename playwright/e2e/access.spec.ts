import { expect, test } from '@playwright/test';
import { E2E_APP_URL } from '../../scripts/lib/e2e-profile';
import { demo, newClient, openProject, signIn } from './support/marketplace';

const CLARAS_PROJECT = 'Logo refresh for Clara’s bakery';

test('another user’s project id, or a made-up one, gives 404; signed out, it redirects to sign-in', async ({
  browser,
}) => {
  const clara = await newClient(browser);
  const colin = await newClient(browser);
  const anonymous = await newClient(browser);
  try {
    await signIn(clara.page, demo('clara'));
    const projectId = await openProject(clara.page, CLARAS_PROJECT);

    await signIn(colin.page, demo('colin'));
    for (const path of [
      `/projects/${projectId}`,
      '/projects/00000000-0000-4000-8000-000000000000',
      '/projects/not-a-project',
      `/projects/${projectId}'--`,
    ]) {
      const response = await colin.page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(colin.page.getByTestId('not-found')).toBeVisible();
      await expect(colin.page.getByTestId('chat-frame')).toHaveCount(0);
    }
    // The API says the same, and writes nothing.
    const post = await colin.page.request.post(`/api/projects/${projectId}/fallback-messages`, {
      data: { clientKey: crypto.randomUUID(), text: 'sneaky' },
    });
    expect(post.status()).toBe(404);
    expect((await colin.page.request.get(`/api/projects/${projectId}/embed`)).status()).toBe(404);

    const page = anonymous.page;
    await page.goto(`/projects/${projectId}`);
    await expect(page).toHaveURL(`${E2E_APP_URL}/sign-in?next=${encodeURIComponent(`/projects/${projectId}`)}`);
    expect(
      (
        await page.request.post(`/api/projects/${projectId}/fallback-messages`, {
          data: { clientKey: crypto.randomUUID(), text: 'hi' },
        })
      ).status(),
    ).toBe(401);
    expect((await page.request.post('/api/rum/chat-embed', { data: {} })).status()).toBe(401);
  } finally {
    await Promise.all([clara.context.close(), colin.context.close(), anonymous.context.close()]);
  }
});

test('an expired session sends the user to sign in with a clear message, then back', async ({ browser }) => {
  const { context, page } = await newClient(browser);
  try {
    await signIn(page, demo('colin'));
    // Make the stored session unusable, as expiry or revocation would, but keep the browser's cookie.
    const [cookie] = (await context.cookies()).filter((c) => c.name === 'chatwatch.session_token');
    await context.addCookies([{ ...cookie!, value: 'expired-or-revoked-token.c2lnbmF0dXJl' }]);
    await page.goto('/settings/notifications');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fsettings%2Fnotifications&reason=expired$/);
    await expect(page.getByTestId('sign-in-notice')).toHaveText('Your session has expired. Sign in again to continue.');
    await page.getByLabel('Email').fill(demo('colin'));
    await page.getByLabel('Password').fill('chatwatch-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/settings\/notifications$/);
  } finally {
    await context.close();
  }
});

test('staff read a conversation read-only', async ({ browser }) => {
  const { context, page } = await newClient(browser);
  try {
    await signIn(page, demo('sam'));
    await page.getByLabel('Search by title, name or email').fill('Logo refresh');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByTestId('staff-project-list').getByRole('link', { name: CLARAS_PROJECT }).click();
    await expect(page.getByTestId('read-only-notice')).toBeVisible();
    await expect(page.getByTestId('chat-frame')).toHaveCount(0);
    await expect(page.getByTestId('fallback-composer')).toHaveCount(0);
    const projectId = page.url().split('/').pop()!;
    const post = await page.request.post(`/api/projects/${projectId}/fallback-messages`, {
      data: { clientKey: crypto.randomUUID(), text: 'staff cannot post' },
    });
    expect(post.status()).toBe(403);
    expect((await page.request.get(`/api/projects/${projectId}/fallback-messages`)).status()).toBe(200);
  } finally {
    await context.close();
  }
});

test('the project page allows framing only the vendor chat', async ({ browser }) => {
  const { context, page } = await newClient(browser);
  try {
    await signIn(page, demo('clara'));
    const projectId = await openProject(page, CLARAS_PROJECT);
    const response = await page.goto(`/projects/${projectId}`);
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toMatch(/frame-src http:\/\/127\.0\.0\.1:4200(;|$)/);
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    const frame = page.getByTestId('chat-frame');
    await expect(frame).toHaveAttribute('sandbox', 'allow-scripts allow-same-origin allow-forms');
    await expect(frame).toHaveAttribute('allow', /camera 'none'/);
  } finally {
    await context.close();
  }
});
