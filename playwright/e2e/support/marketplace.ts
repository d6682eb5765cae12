import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  expect,
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type FrameLocator,
  type Page,
} from '@playwright/test';
import { E2E_APP_URL, E2E_PROFILE, E2E_SANDBOX_URL } from '../../../scripts/lib/e2e-profile';
import { e2eVendorClient } from './vendors';

export const DEMO_PASSWORD = 'chatwatch-demo';
export const demo = (name: string) => `${name}@demo.chatwatch.test`;

let clientCounter = 0;

/**
 * A browser context that looks like a separate client machine: its own address in X-Forwarded-For (the app
 * runs without a proxy here, so the header is taken as given), so the per-address sign-in limit counts each
 * test's sign-ins apart, as it would for different people.
 */
export async function newClient(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const ip = `198.51.${100 + (process.pid % 100)}.${(++clientCounter % 250) + 1}`;
  const context = await browser.newContext({ baseURL: E2E_APP_URL, extraHTTPHeaders: { 'x-forwarded-for': ip } });
  return { context, page: await context.newPage() };
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/projects$/);
}

/** Opens one of the viewer's projects from /projects by its title. */
export async function openProject(page: Page, title: string): Promise<string> {
  await page.goto('/projects');
  await page.getByTestId('project-list').getByRole('link', { name: title }).click();
  await expect(page).toHaveURL(/\/projects\/[0-9a-f-]{36}$/);
  return page.url().split('/').pop()!;
}

export const chatFrame = (page: Page): FrameLocator => page.frameLocator('[data-testid=chat-frame]');

export async function expectChatReady(page: Page, timeout = 15_000) {
  await expect(page.locator('[data-testid=chat-frame][data-phase=ready]')).toBeVisible({ timeout });
  await expect(chatFrame(page).getByTestId('chat-composer')).toBeVisible({ timeout });
}

export async function sendInChat(page: Page, text: string) {
  const frame = chatFrame(page);
  await frame.getByTestId('chat-composer').fill(text);
  await frame.getByTestId('chat-send').click();
  await expect(frame.getByTestId('chat-message').filter({ hasText: text })).toHaveCount(1);
}

// --- The sandbox (vendor + SendGrid stand-in), over its HTTP admin and REST APIs ---

export async function startFault(request: APIRequestContext, mode: 'ui-down' | 'ui-broken') {
  const response = await request.post(`${E2E_SANDBOX_URL}/admin/faults`, { data: { mode } });
  expect(response.status()).toBe(201);
}

export async function clearFaults(request: APIRequestContext) {
  expect((await request.delete(`${E2E_SANDBOX_URL}/admin/faults`)).ok()).toBe(true);
}

interface MailboxEmail {
  to: string[];
  subject: string | null;
  text: string | null;
}

export async function mailboxFor(request: APIRequestContext, to: string): Promise<MailboxEmail[]> {
  const response = await request.get(`${E2E_SANDBOX_URL}/mailbox/api/messages?to=${encodeURIComponent(to)}`);
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { data: MailboxEmail[] }).data;
}

/** The vendor's own record of a conversation's messages (its REST, as our worker sees it), in the run's vendor dialect. */
export async function vendorMessages(
  _request: APIRequestContext,
  conversationId: string,
): Promise<{ text: string; idempotencyKey: string | null }[]> {
  return e2eVendorClient().messages(conversationId);
}

// --- The app's Prometheus metrics ---

/** The e2e stack's METRICS_TOKEN (its secrets.json), which /api/metrics requires as a bearer token. */
export function metricsToken(): string {
  return (JSON.parse(readFileSync(path.join(E2E_PROFILE.dataDir, 'secrets.json'), 'utf8')) as { METRICS_TOKEN: string })
    .METRICS_TOKEN;
}

const scrape = async (request: APIRequestContext) =>
  (await request.get(`${E2E_APP_URL}/api/metrics`, { headers: { authorization: `Bearer ${metricsToken()}` } })).text();

/**
 * chat_embed_loads_total by result, read from the app's /api/metrics: summed over its other labels (`cause`), so a
 * label added to the metric does not silently read as 0.
 */
export async function embedLoads(request: APIRequestContext): Promise<Record<'ready' | 'timeout' | 'error', number>> {
  const text = await scrape(request);
  const series = [...text.matchAll(/^chat_embed_loads_total\{([^}]*)\} (\d+)/gm)];
  if (series.length === 0 && !/^# TYPE chat_embed_loads_total counter/m.test(text))
    throw new Error('/api/metrics has no chat_embed_loads_total');
  const read = (result: string) =>
    series.filter((m) => m[1]!.split(',').includes(`result="${result}"`)).reduce((sum, m) => sum + Number(m[2]), 0);
  return { ready: read('ready'), timeout: read('timeout'), error: read('error') };
}

export async function embedLoadSecondsCount(request: APIRequestContext): Promise<number> {
  const text = await scrape(request);
  return Number(/^chat_embed_load_seconds_count (\d+)/m.exec(text)?.[1] ?? 0);
}

/** Clara starts a fresh project with a designer and lands on it with the chat ready; returns its id. */
export async function startProject(page: Page, title: string, designerName: string): Promise<string> {
  await page.goto('/projects/new');
  await page.getByLabel('Project title').fill(title);
  await page.getByTestId('designer-directory').getByText(designerName).click();
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page).toHaveURL(/\/projects\/[0-9a-f-]{36}$/);
  return page.url().split('/').pop()!;
}
