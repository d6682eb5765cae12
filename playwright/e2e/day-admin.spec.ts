import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { expectFitsAndCapture, VIEWPORTS } from './support/layout';
import { demo, newClient, signIn } from './support/marketplace';
import { closeDb, db } from './support/monitor';

// An admin's day: accounts and roles (audited), suspension, maintenance windows per component, everyone's API
// tokens, and an empty incident note that says why it was not posted.

test.afterAll(closeDb);

test('an admin manages users, roles, maintenance windows and tokens from the admin screens', async ({
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  const ada = await newClient(browser);
  const newcomer = await newClient(browser);
  try {
    const page = ada.page;
    await signIn(page, demo('ada'));
    await page.getByRole('link', { name: 'Admin' }).click();
    await expect(page).toHaveURL(/\/admin\/users$/);

    // A new support agent.
    const email = `agent-${Date.now()}@example.test`;
    await page.getByTestId('new-user-name').fill('Avery Agent');
    await page.getByTestId('new-user-email').fill(email);
    await page.getByTestId('new-user-role').selectOption('SUPPORT');
    await page.getByTestId('new-user-password').fill('a long enough password');
    await page.getByTestId('new-user-submit').click();
    await expect(page.getByTestId('admin-create-user-status')).toHaveText(`Created ${email} (support).`);
    const row = page.locator(`[data-testid=admin-user][data-email="${email}"]`);
    await expect(row).toHaveAttribute('data-role', 'SUPPORT');

    // Promoted to engineer: the change is in the audit log with before and after.
    await row.getByTestId('change-role-select').selectOption('ENGINEER');
    await row.getByTestId('change-role-submit').click();
    await expect(row.getByTestId('change-role-status')).toContainText('Role changed');
    await expect(row).toHaveAttribute('data-role', 'ENGINEER');
    await expect(page.getByTestId('audit-entry').filter({ hasText: email }).first()).toContainText('user.role-changed');
    await expect(page.getByTestId('audit-entry').filter({ hasText: email }).first()).toContainText(
      'support → engineer',
    );
    // Times in the one format of every page: the reader's zone (Ada's is UTC), named, to the second.
    await expect(page.getByTestId('audit-entry').filter({ hasText: email }).first()).toContainText(
      /\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d:\d\d UTC/,
    );

    // Suspended: they cannot sign in, and are told why.
    await row.getByTestId('suspend-submit').click();
    await expect(row).toHaveAttribute('data-suspended', 'true');
    await newcomer.page.goto('/sign-in');
    await newcomer.page.getByLabel('Email').fill(email);
    await newcomer.page.getByLabel('Password').fill('a long enough password');
    await newcomer.page.getByRole('button', { name: 'Sign in' }).click();
    await expect(newcomer.page.getByTestId('sign-in-error')).toHaveText(
      'This account is suspended. Ask an administrator to reinstate it.',
    );

    // A maintenance window for the email component: scheduled, edited, ended.
    await page.goto('/admin/maintenance');
    const reason = `SendGrid key rotation ${Date.now()}`;
    const form = page.getByTestId('maintenance-schedule');
    await form.getByTestId('maintenance-component').selectOption('email');
    await form.getByTestId('maintenance-reason').fill(reason);
    await form.getByTestId('maintenance-submit').click();
    await expect(page.getByTestId('maintenance-schedule-status')).toContainText('scheduled');
    const window = page.locator(`[data-testid=maintenance-window][data-reason="${reason}"]`);
    await expect(window).toHaveAttribute('data-state', 'planned');
    await window.getByText('Edit').click();
    await window.getByTestId('maintenance-edit').getByTestId('maintenance-reason').fill(`${reason} (moved)`);
    await window.getByTestId('maintenance-edit-submit').click();
    const moved = page.locator(`[data-testid=maintenance-window][data-reason="${reason} (moved)"]`);
    await expect(moved).toHaveCount(1);
    await moved.getByTestId('maintenance-end-submit').click();
    await expect(moved).toHaveAttribute('data-state', 'ended');

    // Tokens: everyone's, listed, with their times in the same format.
    await db().query(
      `INSERT INTO api_token (id, "userId", name, "tokenHash", prefix) SELECT gen_random_uuid(), id, $1, $2, 'cw_admday' FROM "user" WHERE email = $3`,
      [`admin day ${Date.now()}`, randomUUID(), demo('ada')],
    );
    await page.goto('/admin/tokens');
    await expect(page.getByTestId('admin-tokens')).toBeVisible();
    await expect(page.getByTestId('admin-token').first().getByTestId('token-dates')).toHaveText(
      /^created \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d:\d\d UTC · (never used|last used .+)/,
    );

    // An empty incident note is refused with the reason, not silently dropped (a resolved incident to write on).
    const incidentId = randomUUID();
    await db().query(
      `INSERT INTO incident (id, component, status, title, "openedBy", "startedAt", "detectedAt", "recoveredAt", "resolvedAt", "failedRunCount", "updatedAt")
       VALUES ($1, 'email', 'RESOLVED', 'Admin day sample incident', 'admin-day', now() - interval '1 hour', now() - interval '59 minutes', now() - interval '30 minutes', now() - interval '29 minutes', 2, now())`,
      [incidentId],
    );
    await page.goto(`/incidents/${incidentId}`);
    await page.getByTestId('note-submit').click();
    await expect(page.getByTestId('note-status')).toHaveText(
      'Not posted: the update is empty. Write what changed first.',
    );

    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport);
      for (const path of ['/admin/users', '/admin/maintenance', '/admin/tokens']) {
        await page.goto(path);
        await expectFitsAndCapture(page, testInfo, `admin ${path}`);
      }
    }
  } finally {
    await ada.context.close();
    await newcomer.context.close();
  }
});
