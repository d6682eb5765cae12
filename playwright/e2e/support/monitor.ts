import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect } from '@playwright/test';
import pg from 'pg';
import { localStackEnv } from '../../../scripts/lib/local-stack-env';
import { E2E_PROFILE, E2E_SANDBOX_URL } from '../../../scripts/lib/e2e-profile';

// What the monitor's end-to-end tests read: the e2e stack's database (incidents, runs, evidence) and the
// sandbox's admin API (faults, ground truth, alert sinks, mailbox). Every wait here has a timeout.

export type Component = 'chat_ui' | 'webhooks' | 'email' | 'vendor_api' | 'monitor';
export type FaultMode = 'ui-down' | 'ui-broken' | 'webhooks-drop' | 'api-down';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
let pool: pg.Pool | undefined;

/** The e2e stack's database (its URL comes from the global setup). Close with closeDb() in afterAll. */
export function db(): pg.Pool {
  pool ??= new pg.Pool({ connectionString: process.env.E2E_DATABASE_URL, max: 2 });
  return pool;
}

export async function closeDb(): Promise<void> {
  await pool?.end();
  pool = undefined;
}

async function sandbox<T>(method: 'GET' | 'POST' | 'DELETE', pathAndQuery: string, body?: object): Promise<T> {
  const response = await fetch(`${E2E_SANDBOX_URL}${pathAndQuery}`, {
    method,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(10_000),
  });
  expect(response.ok, `${method} ${pathAndQuery}: HTTP ${response.status}`).toBe(true);
  return (await response.json()) as T;
}

export const startFault = (input: { mode: FaultMode; probability?: number; durationMs?: number }) =>
  sandbox<{ fault: { id: string; startedAt: string } }>('POST', '/admin/faults', input).then((r) => r.fault);
export const clearFaults = () => sandbox('DELETE', '/admin/faults');

export interface IncidentRow {
  id: string;
  component: Component;
  status: 'OPEN' | 'RESOLVED';
  title: string;
  startedAt: Date;
  detectedAt: Date;
  recoveredAt: Date | null;
  resolvedAt: Date | null;
  failedRunCount: number;
}

/** Incidents of a component opened at or after `since`, oldest first. */
export async function incidentsSince(component: Component, since: Date): Promise<IncidentRow[]> {
  const { rows } = await db().query<IncidentRow>(
    `SELECT * FROM incident WHERE component = $1 AND "detectedAt" >= $2 ORDER BY "detectedAt"`,
    [component, since],
  );
  return rows;
}

/** Waits for the one incident of `component` opened since `since` to reach `status`. */
export async function waitForIncident(
  component: Component,
  since: Date,
  status: 'OPEN' | 'RESOLVED',
  timeout: number,
): Promise<IncidentRow> {
  let found: IncidentRow | undefined;
  await expect
    .poll(
      async () => {
        found = (await incidentsSince(component, since)).find((i) => status === 'OPEN' || i.status === 'RESOLVED');
        return found?.status ?? 'none';
      },
      {
        timeout,
        intervals: [500],
        message: `a ${component} incident ${status.toLowerCase()} since ${since.toISOString()}`,
      },
    )
    .toBe(status);
  return found!;
}

/** Waits (bounded) until no incident is open: faults of earlier tests must have healed first. */
export async function waitForNoOpenIncidents(timeout = 90_000): Promise<void> {
  await expect
    .poll(
      async () =>
        (await db().query<{ component: string }>(`SELECT component FROM incident WHERE status = 'OPEN'`)).rows.map(
          (r) => r.component,
        ),
      { timeout, intervals: [1000], message: 'every incident resolved' },
    )
    .toEqual([]);
}

interface StoredAlert {
  sink: 'slack' | 'pagerduty' | 'webhook';
  target: string;
  payload: unknown;
}

/** What each sandbox sink received about one incident, as "sink:kind" (kind: opened/resolved/reminder). */
export async function alertsAbout(incidentId: string, since: Date): Promise<string[]> {
  const { data } = await sandbox<{ data: StoredAlert[] }>(
    'GET',
    `/admin/api/alerts?since=${encodeURIComponent(since.toISOString())}`,
  );
  const kinds: string[] = [];
  for (const alert of data) {
    const raw = JSON.stringify(alert.payload);
    if (!raw.includes(incidentId)) continue;
    const p = alert.payload as { text?: string; event_action?: string; type?: string };
    if (alert.sink === 'pagerduty') kinds.push(`pagerduty:${p.event_action === 'resolve' ? 'resolved' : 'opened'}`);
    else if (alert.sink === 'webhook') kinds.push(`webhook:${p.type?.replace('incident.', '')}`);
    else
      kinds.push(
        `slack:${/^\[RESOLVED\]/.test(p.text ?? '') ? 'resolved' : /^\[STILL OPEN\]/.test(p.text ?? '') ? 'reminder' : 'opened'}`,
      );
  }
  return kinds.sort();
}

/** Alert emails in the sandbox mailbox (the local stack sends them to oncall@chatwatch.test) about one incident. */
export async function alertEmailsAbout(incidentId: string): Promise<string[]> {
  const { data } = await sandbox<{ data: { subject: string | null; text: string | null; html: string | null }[] }>(
    'GET',
    `/mailbox/api/messages?to=${encodeURIComponent('oncall@chatwatch.test')}&limit=1000`,
  );
  return data
    .filter((m) => `${m.text ?? ''}${m.html ?? ''}`.includes(incidentId))
    .map(
      (m) =>
        `email:${/^\[RESOLVED\]/.test(m.subject ?? '') ? 'resolved' : /^\[STILL OPEN\]/.test(m.subject ?? '') ? 'reminder' : 'opened'}`,
    )
    .sort();
}

/** Runs `npm run monitor -- <args>` against the e2e stack (as an operator would); resolves with exit code and output. */
export function monitorCli(
  args: string[],
  timeoutMs = 60_000,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, ...localStackEnv(E2E_PROFILE), ...E2E_PROFILE.env, LOG_LEVEL: 'warn' };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'monitor', 'main.ts'), ...args], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`monitor ${args.join(' ')} did not finish within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}
