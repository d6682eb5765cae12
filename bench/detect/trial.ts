// One detection trial of `bench:detect`: healthy → random lead-in → sandbox fault → incident → alert → cleared → resolved.
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import type { RunningStack } from '../../scripts/lib/stack';
import { until } from '../poll';

export const COMPONENT: Record<string, string> = {
  'ui-down': 'chat_ui',
  'ui-broken': 'chat_ui',
  'webhooks-drop': 'webhooks',
  'api-down': 'vendor_api',
};

export const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
export const say = (line: string) => process.stdout.write(`\x1b[1mbench |\x1b[0m ${line}\n`);

/** The sandbox's admin API (fault injection, alert sinks). */
export async function sandbox(
  stack: RunningStack,
  method: string,
  pathAndQuery: string,
  body?: object,
): Promise<unknown> {
  const response = await fetch(`${stack.urls.sandbox}${pathAndQuery}`, {
    method,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`${method} ${pathAndQuery}: HTTP ${response.status}`);
  return response.json();
}

export interface Trial {
  fault: string;
  waitedMs: number;
  /** Fault start → start of the first journey attempt that failed on the fault's component. */
  firstFailureMs: number;
  detectMs: number;
  alertMs: number;
  sinkMs: number;
  firstChannel: string;
  /** Triggers of the incident's counted runs, in order (SCHEDULED, CONFIRMATION, RUM). */
  triggers: string;
  resolveMs: number;
}

/** Runs one trial; `leadInMs` bounds the random wait between "healthy" and the fault. */
export async function detectionTrial(
  stack: RunningStack,
  db: pg.Pool,
  fault: string,
  n: number,
  leadInMs: number,
): Promise<Trial> {
  const component = COMPONENT[fault]!;
  await until('no open incident and a passing journey', 300_000, async () => {
    const open = await db.query(`SELECT 1 FROM incident WHERE status = 'OPEN'`);
    const last = await db.query<{ status: string }>(
      `SELECT status FROM check_run WHERE "check" = 'chat-journey' AND counted ORDER BY "startedAt" DESC LIMIT 1`,
    );
    return open.rowCount === 0 && last.rows[0]?.status === 'PASSED';
  });
  const waitedMs = Math.round(Math.random() * leadInMs);
  say(`trial ${n} (${fault}): healthy; injecting in ${s(waitedMs)}`);
  await sleep(waitedMs);
  const { fault: injected } = (await sandbox(stack, 'POST', '/admin/faults', { mode: fault })) as {
    fault: { id: string; startedAt: string };
  };
  const start = new Date(injected.startedAt);
  try {
    const incident = await until(
      `a ${component} incident`,
      300_000,
      async () =>
        (
          await db.query<{ id: string; detectedAt: Date }>(
            `SELECT id, "detectedAt" FROM incident WHERE component = $1 AND "detectedAt" >= $2`,
            [component, start],
          )
        ).rows[0],
    );
    const alert = await until(
      'the first alert',
      60_000,
      async () =>
        (
          await db.query<{ channel: string; sentAt: Date }>(
            `SELECT channel, "sentAt" FROM alert_delivery WHERE "incidentId" = $1 AND status = 'SENT' ORDER BY "sentAt" LIMIT 1`,
            [incident.id],
          )
        ).rows[0],
    );
    const received = await until('the sink to record it', 30_000, async () => {
      const { data } = (await sandbox(
        stack,
        'GET',
        `/admin/api/alerts?since=${encodeURIComponent(start.toISOString())}`,
      )) as { data: { payload: unknown; receivedAt: string }[] };
      return data.find((a) => JSON.stringify(a.payload).includes(incident.id));
    });
    const runs = await db.query<{ trigger: string; counted: boolean; startedAt: Date }>(
      `SELECT trigger, counted, "startedAt" FROM check_run
        WHERE "check" = 'chat-journey' AND "failedComponent" = $1::"MonitorComponent"
          AND "startedAt" >= $2::timestamptz - interval '60 seconds'
          AND "finishedAt" >= $2::timestamptz AND "startedAt" <= $3::timestamptz ORDER BY "startedAt"`,
      [component, start, incident.detectedAt],
    );
    await sandbox(stack, 'DELETE', '/admin/faults');
    const cleared = Date.now();
    const resolvedAt = await until(
      'the resolution',
      300_000,
      async () =>
        (await db.query<{ resolvedAt: Date | null }>(`SELECT "resolvedAt" FROM incident WHERE id = $1`, [incident.id]))
          .rows[0]?.resolvedAt,
    );
    const firstRun = runs.rows[0]?.startedAt ?? incident.detectedAt;
    const trial: Trial = {
      fault,
      waitedMs,
      firstFailureMs: Math.max(0, firstRun.getTime() - start.getTime()),
      detectMs: incident.detectedAt.getTime() - start.getTime(),
      alertMs: alert.sentAt.getTime() - start.getTime(),
      sinkMs: new Date(received.receivedAt).getTime() - start.getTime(),
      firstChannel: alert.channel,
      triggers:
        runs.rows
          .filter((r) => r.counted)
          .map((r) => r.trigger)
          .join('+') || '—',
      resolveMs: resolvedAt.getTime() - cleared,
    };
    say(
      `trial ${n} (${fault}): first failing run ${s(trial.firstFailureMs)}, detected ${s(trial.detectMs)}, alert ${s(trial.alertMs)} (${trial.triggers}), resolved ${s(trial.resolveMs)} after clear`,
    );
    return trial;
  } finally {
    await sandbox(stack, 'DELETE', '/admin/faults').catch(() => undefined);
  }
}
