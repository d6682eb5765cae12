import { parse } from 'csv-parse/sync';
import { expect, test, type Page } from '@playwright/test';
import { EXTERNAL_COMPONENTS } from '../../lib/incidents/components';
import { E2E_SANDBOX_URL } from '../../scripts/lib/e2e-profile';
import { demo, newClient, signIn } from './support/marketplace';
import { clearFaults, closeDb, startFault, waitForNoOpenIncidents } from './support/monitor';
import { expectedDays, pdfText, RANGE, rangeUptime, readDownload, seedReportWeek, unzip } from './support/reports';

// The status dashboard (issue 8) against the e2e stack's own monitor (journey every 10 s, confirmations after
// 3 s), and the reliability reports against a seeded past week whose figures the test computes in SQL.

test.describe.configure({ mode: 'serial' });

/** Full-page screenshots of each page in its interesting state, kept with the run's other output. */
const SCREENSHOTS = '.data/test/screenshots';

test.afterAll(async () => {
  await clearFaults();
  await closeDb();
});

async function download(page: Page, testId: string) {
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByTestId(testId).click(),
  ]);
  return { name: file.suggestedFilename(), body: await readDownload(file) };
}

test('a client gets 404 on the status page, the reports and everything behind them', async ({ browser }) => {
  const { context, page } = await newClient(browser);
  try {
    await signIn(page, demo('clara'));
    await expect(page.getByRole('link', { name: 'Status' })).toHaveCount(0);
    for (const path of [
      '/status',
      '/reports',
      '/status/settings',
      '/incidents/00000000-0000-4000-8000-000000000000',
      '/print/reports',
    ]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
    }
    for (const path of [
      '/api/reports/csv',
      '/api/reports/pdf',
      '/api/status/stream',
      '/api/incidents/00000000-0000-4000-8000-000000000000/evidence',
    ]) {
      expect((await page.request.get(path)).status(), path).toBe(404);
    }
    expect((await page.request.get('/api/v1/incidents')).status()).toBe(401);
  } finally {
    await context.close();
  }
});

test('support sees an incident appear on /status without reloading when the chat goes down, and resolve when it comes back', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  await clearFaults();
  await waitForNoOpenIncidents();
  const { context, page } = await newClient(browser);
  try {
    await signIn(page, demo('sam'));
    // Subscribed before the outage: the opened and resolved emails must follow.
    await page.goto('/status/settings');
    await page.getByTestId('sub-updated').check();
    await page.getByTestId('sub-save').click();
    await expect(page.getByTestId('sub-status')).toContainText('Saved');

    await page.goto('/status');
    await expect(page.getByTestId('live-status')).toHaveAttribute('data-connection', 'live', { timeout: 15_000 });
    await expect(page.getByTestId('state-chat_ui')).toHaveAttribute('data-state', /operational|degraded/);
    await expect(page.getByTestId('uptime-bar-chat_ui').getByTestId('uptime-cell')).toHaveCount(90);
    // A marker that a reload would wipe.
    await page.evaluate(() => ((window as unknown as { noReload: boolean }).noReload = true));

    await startFault({ mode: 'ui-down' });
    const incident = page.getByTestId('active-incident').and(page.locator('[data-component=chat_ui]'));
    await expect(incident).toBeVisible({ timeout: 120_000 });
    await expect(page.getByTestId('state-chat_ui')).toHaveAttribute('data-state', 'outage');
    await expect(page.getByTestId('status-banner')).toContainText('Chat UI down since');
    await expect(incident.getByTestId('timeline-entry').first()).toHaveAttribute('data-kind', 'OPENED');

    await page.screenshot({ path: `${SCREENSHOTS}/status-outage.png`, fullPage: true });

    // Support posts an update; it lands on the timeline, signed.
    await incident.getByTestId('note-message').fill('Users report the chat does not load; we pointed them to email.');
    await incident.getByTestId('note-submit').click();
    await expect(incident.locator('[data-testid=timeline-entry][data-kind=NOTE]')).toContainText('Sam Support');
    await expect(incident.locator('[data-testid=timeline-entry][data-kind=NOTE]')).toContainText(
      'pointed them to email',
    );
    const incidentHref = await incident.getByTestId('active-incident-link').getAttribute('href');

    await clearFaults();
    await expect(page.getByTestId('active-incident').and(page.locator('[data-component=chat_ui]'))).toHaveCount(0, {
      timeout: 120_000,
    });
    await expect(page.getByTestId('state-chat_ui')).toHaveAttribute('data-state', 'operational');
    await expect(
      page.getByTestId('resolved-incident').and(page.locator('[data-component=chat_ui]')).first(),
    ).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { noReload?: boolean }).noReload)).toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}/status-resolved.png`, fullPage: true });

    // Today's cell of the 90-day bar now shows the outage on hover.
    const today = page.getByTestId('uptime-bar-chat_ui').getByTestId('uptime-cell').last();
    expect(Number(await today.getAttribute('data-downtime-minutes'))).toBeGreaterThan(0);
    await today.hover();
    // Earlier specs in the same run may have had chat_ui incidents today too: at least this one counts.
    await expect(page.getByTestId('uptime-tooltip')).toContainText(/[1-9]\d* incidents?/);

    // The incident's evidence: the page, its PDF and the ZIP pack with screenshots and traces.
    await page.goto(incidentHref!);
    await expect(page.getByTestId('incident-status')).toHaveText('Resolved');
    await expect(page.getByTestId('evidence-summary')).toContainText('the embedded chat did not load');
    await expect(page.getByTestId('evidence-run').first()).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/incident.png`, fullPage: true });
    const pdf = await download(page, 'download-evidence-pdf');
    expect(pdf.name).toMatch(/\.pdf$/);
    expect((await pdfText(pdf.body)).text).toContain('Summary for the vendor');
    const zip = unzip((await download(page, 'download-evidence-zip')).body);
    const names = [...zip.keys()];
    expect(names.some((n) => n.endsWith('/summary.txt'))).toBe(true);
    expect(names.some((n) => n.endsWith('/evidence.pdf'))).toBe(true);
    expect(names.some((n) => /\/runs\/.*\/screenshot\.png$/.test(n))).toBe(true);
    expect(names.some((n) => /\/runs\/.*\/trace\.zip$/.test(n))).toBe(true);
    const run = JSON.parse(zip.get(names.find((n) => n.endsWith('/run.json'))!)!.toString('utf8'));
    expect(run.steps.at(-1).status).toBe('FAILED');

    // The subscription: an email when it opened, and one when it resolved (the job runs every minute).
    await expect
      .poll(
        async () => {
          const response = await page.request.get(
            `${E2E_SANDBOX_URL}/mailbox/api/messages?to=${encodeURIComponent(demo('sam'))}`,
          );
          const { data } = (await response.json()) as { data: { subject: string | null }[] };
          return ['opened', 'resolved'].filter((kind) =>
            data.some((m) => (m.subject ?? '').startsWith(`[Incident ${kind}] Chat UI`)),
          );
        },
        { timeout: 150_000, intervals: [3000], message: 'incident emails to the subscribed support user' },
      )
      .toEqual(['opened', 'resolved']);
  } finally {
    await clearFaults();
    await context.close();
  }
});

test('a manager downloads the report as CSV and PDF, and the figures match the database', async ({ browser }) => {
  test.setTimeout(180_000);
  await seedReportWeek();
  const days = await expectedDays();
  const { context, page } = await newClient(browser);
  try {
    await signIn(page, demo('maya'));
    await page.goto(`/reports?from=${RANGE.from}&to=${RANGE.to}&granularity=day`);
    const uptime = rangeUptime(days, 'chat_ui');
    await expect(page.getByTestId('summary-uptime-chat_ui')).toHaveText(`${(uptime * 100).toFixed(3)} %`);
    await expect(page.getByTestId('report-period-row')).toHaveCount(3);
    await expect(page.getByTestId('chart-uptime')).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/reports.png`, fullPage: true });

    const csv = await download(page, 'download-csv');
    expect(csv.name).toBe(`chatwatch-report-sandbox-${RANGE.from}-to-${RANGE.to}.csv`);
    const rows = parse(csv.body, { columns: true }) as Record<string, string>[];
    // A vendor report lists only the vendor-facing components: our own parts never reach it.
    const vendorDays = days.filter((d) => (EXTERNAL_COMPONENTS as readonly string[]).includes(d.component));
    expect(rows).toHaveLength(vendorDays.length);
    for (const expected of vendorDays) {
      const row = rows.find((r) => r.day === expected.day && r.component === expected.component);
      expect(row, `${expected.day} ${expected.component}`).toBeDefined();
      const eligible = 86_400 - expected.maintenanceSeconds;
      expect(row!.downtime_minutes, `${expected.day} ${expected.component} downtime`).toBe(
        (expected.downtimeSeconds / 60).toFixed(2),
      );
      expect(row!.maintenance_minutes).toBe((expected.maintenanceSeconds / 60).toFixed(2));
      // Uptime is up time over monitored time: a day without a single check has no uptime figure.
      expect(row!.uptime_percent, `${expected.day} ${expected.component} uptime`).toBe(
        expected.checks === 0 ? '' : ((1 - expected.downtimeSeconds / eligible) * 100).toFixed(4),
      );
      expect(Number(row!.incidents_started)).toBe(expected.incidents);
      expect(Number(row!.checks)).toBe(expected.checks);
    }
    // The midnight-spanning incident is split between the two days: 30 minutes on the 2nd (with the 45 of the first), 20 on the 3rd.
    expect(rows.find((r) => r.day === '2025-06-02' && r.component === 'chat_ui')!.downtime_minutes).toBe('75.00');
    expect(rows.find((r) => r.day === '2025-06-03' && r.component === 'chat_ui')!.downtime_minutes).toBe('20.00');

    const pdf = await download(page, 'download-pdf');
    const { text, pages } = await pdfText(pdf.body);
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(text).toContain(`Vendor reliability report: sandbox`);
    expect(text).toContain(`${(uptime * 100).toFixed(3)} %`);
    expect(text).toContain(`${(rangeUptime(days, 'webhooks') * 100).toFixed(3)} %`);
    expect(text).toMatch(/Page 1 of \d+/);
  } finally {
    await context.close();
  }
});

test('bad ranges are refused with a clear message, and an empty range exports headers and a note', async ({
  browser,
}) => {
  const { context, page } = await newClient(browser);
  try {
    await signIn(page, demo('maya'));
    await page.goto('/reports?from=2025-06-04&to=2025-06-01');
    await expect(page.getByTestId('report-error')).toContainText('The start date must be on or before the end date.');
    await page.goto('/reports?from=2024-01-01&to=2025-06-01');
    await expect(page.getByTestId('report-error')).toContainText('A report covers at most 366 days');
    expect((await page.request.get('/api/reports/csv?from=2025-06-04&to=2025-06-01')).status()).toBe(400);

    await page.goto('/reports?from=2020-01-01&to=2020-01-07');
    await expect(page.getByTestId('report-empty')).toBeVisible();
    const csv = await download(page, 'download-csv');
    const rows = parse(csv.body, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.note).toBe('No monitoring data between 2020-01-01 and 2020-01-07 (UTC).');
  } finally {
    await context.close();
  }
});

test('staff create an API token and read incidents and uptime with it; the OpenAPI document describes the API', async ({
  browser,
}) => {
  await seedReportWeek();
  const days = await expectedDays();
  const { context, page } = await newClient(browser);
  try {
    await signIn(page, demo('eli'));
    await page.goto('/status/settings');
    await page.getByTestId('token-name').fill('e2e');
    await page.getByTestId('token-create').click();
    const token = (await page.getByTestId('token-value').textContent())!.trim();
    expect(token).toMatch(/^cw_/);
    const auth = { authorization: `Bearer ${token}` };

    const incidents = await page.request.get(
      '/api/v1/incidents?component=chat_ui&from=2025-06-01T00:00:00Z&to=2025-06-05T00:00:00Z&limit=1',
      { headers: auth },
    );
    expect(incidents.status()).toBe(200);
    const first = await incidents.json();
    expect(first.data).toHaveLength(1);
    expect(first.data[0].title).toBe('E2E report: chat_ui outage');
    const second = await (
      await page.request.get(
        `/api/v1/incidents?component=chat_ui&from=2025-06-01T00:00:00Z&to=2025-06-05T00:00:00Z&limit=1&cursor=${first.nextCursor}`,
        { headers: auth },
      )
    ).json();
    expect(second.data[0].startedAt).toBe('2025-06-02T10:00:00.000Z');
    expect(second.nextCursor).toBeNull();

    const uptime = await (
      await page.request.get(`/api/v1/uptime?from=${RANGE.from}&to=${RANGE.to}&component=chat_ui`, { headers: auth })
    ).json();
    expect(uptime.data.map((d: any) => d.downtimeSeconds)).toEqual(
      days.filter((d) => d.component === 'chat_ui').map((d) => d.downtimeSeconds),
    );
    expect(uptime.summary[0].uptimePercent).toBeCloseTo(rangeUptime(days, 'chat_ui') * 100, 8);

    const runs = await (
      await page.request.get('/api/v1/check-runs?check=e2e-report-journey&status=failed&limit=5', { headers: auth })
    ).json();
    expect(runs.data).toHaveLength(5);
    expect(runs.data.every((r: any) => r.status === 'failed')).toBe(true);

    expect(
      (
        await page.request.get('/api/v1/incidents', {
          headers: { authorization: 'Bearer cw_not-a-real-token-at-all-000000' },
        })
      ).status(),
    ).toBe(401);
    expect((await page.request.get('/api/v1/uptime?from=2025-06-04&to=2025-06-01', { headers: auth })).status()).toBe(
      400,
    );
    const openapi = await (await page.request.get('/api/v1/openapi.json')).json();
    expect(openapi.openapi).toBe('3.1.0');
    expect(Object.keys(openapi.paths)).toEqual(['/incidents', '/uptime', '/check-runs']);

    await page.getByRole('button', { name: 'Revoke the token e2e' }).click();
    await expect(page.getByTestId('token-row').first()).toContainText('revoked');
    expect((await page.request.get('/api/v1/incidents', { headers: auth })).status()).toBe(401);
  } finally {
    await context.close();
  }
});
