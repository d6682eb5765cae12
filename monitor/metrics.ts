import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { COMPONENTS } from '../lib/incidents/components';
import { channelFactories } from '../lib/alerts/channels';
import type { CheckName } from './checks/types';
import { keepIdleConnections } from '../lib/http/keep-alive';

// The monitor's own registry (not the web app's): every metric declared once, fixed low-cardinality labels,
// base units. Names are fixed by the alert rules and dashboards in monitor/prometheus and grafana/.

/** `checks`: the registered checks (CHECK_NAMES of ./checks), whose series exist from the start. */
export function createMonitorMetrics(checks: readonly CheckName[]) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const metrics = {
    registry,
    checkSuccess: new Gauge({
      name: 'synthetic_check_success',
      help: '1 when the last counted run of the check passed, 0 when it failed.',
      labelNames: ['check'] as const,
      registers,
    }),
    checkDuration: new Histogram({
      name: 'synthetic_check_duration_seconds',
      help: 'Duration of each step of a check run (step="total" for the whole run), failed steps included.',
      labelNames: ['check', 'step'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 20, 45],
      registers,
    }),
    lastRun: new Gauge({
      name: 'synthetic_check_last_run_timestamp_seconds',
      help: 'Unix time the last counted run of the check finished.',
      labelNames: ['check'] as const,
      registers,
    }),
    checkRuns: new Counter({
      name: 'synthetic_check_runs_total',
      help: 'Check attempts by result (passed, failed, timeout); retries and confirmation runs included.',
      labelNames: ['check', 'result'] as const,
      registers,
    }),
    checkSkipped: new Counter({
      name: 'synthetic_check_skipped_total',
      help: 'Ticks skipped because the previous run of the check was still going.',
      labelNames: ['check'] as const,
      registers,
    }),
    webhooksMissing: new Counter({
      name: 'vendor_webhooks_missing_total',
      help: 'Vendor webhooks that never arrived, by who noticed (canary: the journey’s own message; reconciliation: the vendor’s message list).',
      labelNames: ['detected_by'] as const,
      registers,
    }),
    webhooksBackfilled: new Counter({
      name: 'vendor_webhooks_backfilled_total',
      help: 'Missing vendor events stored by reconciliation (source=reconciled) and sent through the normal processing path.',
      registers,
    }),
    incidentsOpen: new Gauge({
      name: 'incidents_open',
      help: 'Open incidents per component (0 or 1).',
      labelNames: ['component'] as const,
      registers,
    }),
    alertsSent: new Counter({
      name: 'alerts_sent_total',
      help: 'Alert deliveries by channel and result (success, failure, suppressed by maintenance).',
      labelNames: ['channel', 'result'] as const,
      registers,
    }),
    isLeader: new Gauge({
      name: 'monitor_leader',
      help: '1 on the replica that holds the scheduling lock.',
      registers,
    }),
    workerJobsPending: new Gauge({
      name: 'worker_jobs_pending',
      help: 'Jobs of our worker queue that are due and not taken yet, per task (read by the pipeline check).',
      labelNames: ['task'] as const,
      registers,
    }),
    workerOldestJobAge: new Gauge({
      name: 'worker_oldest_pending_job_age_seconds',
      help: 'How long the oldest due, untaken job of our worker queue has waited, per task (0 without backlog).',
      labelNames: ['task'] as const,
      registers,
    }),
    rumFailingUsers: new Gauge({
      name: 'monitor_rum_failing_users',
      help: 'Distinct real users (synthetic excluded) whose chat embed failed in the RUM window, at the last look.',
      registers,
    }),
    rumFailedLoads: new Gauge({
      name: 'monitor_rum_failed_loads',
      help: 'Real users’ failed chat embed loads in the RUM window, at the last look.',
      registers,
    }),
    rumTriggers: new Counter({
      name: 'monitor_rum_triggers_total',
      help: 'RUM threshold crossings: started (a confirmation journey ran at once) or skipped (a run was already going).',
      labelNames: ['result'] as const,
      registers,
    }),
    errors: new Counter({
      name: 'monitor_errors_total',
      help: 'Internal errors of the monitor (recording, incidents, alert dispatch), by where they happened.',
      labelNames: ['where'] as const,
      registers,
    }),
  };
  // Every series exists from the start, so rate() and absent() behave before the first event.
  for (const check of checks) {
    metrics.checkRuns.inc({ check, result: 'passed' }, 0);
    metrics.checkRuns.inc({ check, result: 'failed' }, 0);
    metrics.checkSkipped.inc({ check }, 0);
  }
  for (const detectedBy of ['canary', 'reconciliation']) metrics.webhooksMissing.inc({ detected_by: detectedBy }, 0);
  metrics.webhooksBackfilled.inc(0);
  for (const component of COMPONENTS) metrics.incidentsOpen.set({ component }, 0);
  for (const channel of Object.keys(channelFactories))
    for (const result of ['success', 'failure']) metrics.alertsSent.inc({ channel, result }, 0);
  metrics.isLeader.set(0);
  return metrics;
}

export type MonitorMetrics = ReturnType<typeof createMonitorMetrics>;

/** Serves GET /metrics (Prometheus text format); anything else is 404. */
export async function startMetricsServer(
  registry: Registry,
  options: { host: string; port: number },
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    registry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body),
      (error: unknown) =>
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${String(error)}\n`),
    );
  });
  keepIdleConnections(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
