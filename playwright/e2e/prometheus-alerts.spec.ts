// Issue 7's integration test: a real Prometheus on loopback scrapes the end-to-end stack's app and monitor
// every second; the sandbox's api-down fault must take VendorApiDown pending → firing → resolved, and every
// Grafana query must run against the data that produced.
//
// Rules: a copy of monitor/prometheus/alerts.yml with every `for:` divided by 6 (scaleForDurations: 1m → 10s,
// 2m → 20s); expressions, range windows and thresholds are the production ones.
import { expect, test } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  dashboardQueries,
  loadDashboards,
  metricNames,
  substituteVariables,
  vectorSelectors,
} from '../../monitor/prometheus/grafana';
import { startLocalPrometheus, type LocalServer } from '../../monitor/prometheus/local-server';
import {
  activeAlerts,
  instantQuery,
  metricMetadata,
  rangeQuery,
  ruleGroups,
  targetHealth,
  type AlertingRule,
} from '../../monitor/prometheus/prom-api';
import { renderPrometheusConfig, scaleForDurations } from '../../monitor/prometheus/render';
import { metricsToken } from './support/marketplace';
import { E2E_APP_URL, E2E_PROFILE, E2E_SANDBOX_URL } from '../../scripts/lib/e2e-profile';

const sources = path.resolve(import.meta.dirname, '..', '..', 'monitor', 'prometheus');
const FOR_DIVISOR = 6;

async function faults(method: 'POST' | 'DELETE', body?: object): Promise<void> {
  const response = await fetch(`${E2E_SANDBOX_URL}/admin/faults`, {
    method,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(10_000),
  });
  expect(response.ok, `${method} /admin/faults: HTTP ${response.status} ${await response.text()}`).toBe(true);
}

const alertState = async (prometheus: LocalServer, name: string) =>
  (await activeAlerts(prometheus.url)).find((a) => a.labels.alertname === name)?.state ?? 'inactive';

test('a real Prometheus takes VendorApiDown pending → firing → resolved on api-down, and runs every dashboard query', async () => {
  test.setTimeout(300_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'chatwatch-prometheus-e2e-'));
  const rulesFile = path.join(dir, 'alerts.scaled.yml');
  writeFileSync(rulesFile, scaleForDurations(readFileSync(path.join(sources, 'alerts.yml'), 'utf8'), FOR_DIVISOR));
  const config = renderPrometheusConfig(readFileSync(path.join(sources, 'prometheus.yml'), 'utf8'), {
    appTarget: `127.0.0.1:${E2E_PROFILE.webPort}`,
    monitorTarget: `127.0.0.1:${E2E_PROFILE.metricsPort}`,
    ruleFiles: [rulesFile],
    scrapeInterval: '1s',
    evaluationInterval: '1s',
    alertmanagerTarget: null,
    appCredentialsFile: path.join(dir, 'metrics-token'),
  });
  // /api/metrics wants the stack's METRICS_TOKEN: Prometheus reads it from this file, as in production.
  writeFileSync(path.join(dir, 'metrics-token'), metricsToken());
  let server: LocalServer | undefined;
  try {
    const prometheus = (server = await startLocalPrometheus(dir, config));
    const started = new Date();
    await test.step('Prometheus scrapes the app and the monitor', async () => {
      await expect
        .poll(
          async () =>
            (await targetHealth(prometheus.url)).map((t) => `${t.job} ${t.health} ${t.lastError}`.trim()).sort(),
          { timeout: 30_000 },
        )
        .toEqual(['chat-app up', 'chat-monitor up']);
    });

    await test.step('a forged vendor webhook is refused, so the signature panels have a series', async () => {
      const response = await fetch(`${E2E_APP_URL}/api/webhooks/chat`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': `msg_forged_${Date.now()}`,
          'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
          'webhook-signature': 'v1,Zm9yZ2VkIHNpZ25hdHVyZQ==',
        },
        body: JSON.stringify({ type: 'message.sent', data: {} }),
      });
      expect(response.status).toBe(401);
    });

    await test.step('before the fault the vendor API probe passes and VendorApiDown is inactive', async () => {
      await faults('DELETE');
      await expect
        .poll(
          async () =>
            (await instantQuery(prometheus.url, 'synthetic_check_success{job="chat-monitor", check="vendor-api"}'))[0]
              ?.value?.[1],
          { timeout: 90_000, message: 'the monitor reports a passing vendor-api probe' },
        )
        .toBe('1');
      expect(await alertState(prometheus, 'VendorApiDown')).toBe('inactive');
    });

    const faultStarted = new Date();
    let activeAt = 0;
    await test.step('api-down: VendorApiDown goes pending, then fires', async () => {
      await faults('POST', { mode: 'api-down' });
      try {
        // A wait, not a measurement: the times below are the ones Prometheus itself recorded.
        await expect
          .poll(() => alertState(prometheus, 'VendorApiDown'), { timeout: 150_000, intervals: [500] })
          .toBe('firing');
        const alert = (await activeAlerts(prometheus.url)).find((a) => a.labels.alertname === 'VendorApiDown')!;
        expect(alert.labels).toMatchObject({
          severity: 'critical',
          component: 'vendor_api',
          job: 'chat-monitor',
          check: 'vendor-api',
        });
        expect(alert.annotations.description).toMatch(
          /^The vendor API probe from 127\.0\.0\.1:\d+ fails \(value 0\);.* Probe success over the last 15 minutes: \d+(\.\d+)?%\.$/,
        );
        expect(alert.annotations.runbook_url).toBe('docs/runbooks/VendorApiDown.md');
        // activeAt: the evaluation at which the expression first held, i.e. the alert went pending (Prometheus
        // HTTP API › /api/v1/alerts). It saw a probe run after the fault began.
        activeAt = new Date(alert.activeAt).getTime();
        expect(activeAt).toBeGreaterThan(faultStarted.getTime());
      } finally {
        await faults('DELETE');
      }
    });

    await test.step('the fault cleared: VendorApiDown resolves', async () => {
      await expect
        .poll(() => alertState(prometheus, 'VendorApiDown'), { timeout: 90_000, intervals: [500] })
        .toBe('inactive');
      // Prometheus's own record (ALERTS, one sample per 1 s evaluation) shows the pending phase, then the firing one,
      // and the first firing evaluation held the `for:` of 1m ÷ 6 = 10 s after activeAt. A range query's step lands
      // at or after the sample it reads, so the first firing step is never earlier than the evaluation that fired.
      const history = await rangeQuery(
        prometheus.url,
        'ALERTS{alertname="VendorApiDown"}',
        faultStarted,
        new Date(),
        1,
      );
      const first = (state: string) =>
        Math.min(
          ...history.filter((s) => s.metric.alertstate === state).flatMap((s) => (s.values ?? []).map(([t]) => t)),
        );
      expect(first('pending')).toBeLessThan(first('firing'));
      // (Samples are stored to the millisecond and activeAt is parsed to it: 1 ms of rounding either way.)
      expect(first('pending') * 1000).toBeGreaterThanOrEqual(activeAt - 1);
      expect(first('firing') * 1000 - activeAt).toBeGreaterThanOrEqual(60_000 / FOR_DIVISOR - 1);
    });

    await test.step('every rule evaluated without error, and the dead man’s switches stayed quiet', async () => {
      const rules = (await ruleGroups(prometheus.url)).flatMap((g) => g.rules) as AlertingRule[];
      expect(rules).toHaveLength(10);
      for (const rule of rules)
        expect({ rule: rule.name, health: rule.health, error: rule.lastError ?? '' }).toEqual({
          rule: rule.name,
          health: 'ok',
          error: '',
        });
      const quiet = rules
        .filter((r) => r.name === 'ChatMonitorDown' || r.name === 'AppMetricsMissing')
        .map((r) => `${r.name} ${r.state}`);
      expect(quiet.sort()).toEqual(['AppMetricsMissing inactive', 'ChatMonitorDown inactive']);
    });

    await test.step('every metric the rules and dashboards name is exported by the app or the monitor', async () => {
      const exported = await metricMetadata(prometheus.url);
      const rules = (await ruleGroups(prometheus.url)).flatMap((g) => g.rules).map((r) => r.query);
      const named = new Set(
        [
          ...rules,
          ...loadDashboards().flatMap(({ dashboard }) => dashboardQueries(dashboard).map((q) => q.expr)),
        ].flatMap(metricNames),
      );
      const unknown = [...named].filter(
        (m) =>
          !['up', 'ALERTS'].includes(m) && !exported.has(m) && !exported.has(m.replace(/_(bucket|sum|count)$/, '')),
      );
      expect(unknown, 'metrics no target exports (a typo, or a renamed metric)').toEqual([]);
    });

    await test.step('every Grafana query runs, with data wherever the scenario produced its series', async () => {
      const end = new Date();
      const rangeSeconds = Math.ceil((end.getTime() - started.getTime()) / 1000);
      const vars = { rateInterval: '15s', range: `${rangeSeconds}s`, interval: '2s' };
      const queries = loadDashboards().flatMap(({ dashboard }) => dashboardQueries(dashboard));
      expect(queries.length).toBeGreaterThan(20);
      const withData: string[] = [];
      const withoutSeries: string[] = [];
      for (const q of queries) {
        const expr = substituteVariables(q.expr, vars);
        const where = `${q.dashboard} ${q.where}: ${expr}`;
        if (q.instant) await instantQuery(prometheus.url, expr, end);
        const result = await rangeQuery(prometheus.url, expr, started, end, 2);
        // Data is owed when every series the query selects existed during the scenario.
        const missing: string[] = [];
        for (const { selector } of vectorSelectors(expr)) {
          const present = await instantQuery(
            prometheus.url,
            `count(last_over_time(${selector}[${rangeSeconds}s]))`,
            end,
          );
          if (present.length === 0) missing.push(selector);
        }
        if (missing.length === 0) {
          expect(
            result.some((s) => (s.values ?? []).length > 0),
            `no data from ${where}`,
          ).toBe(true);
          withData.push(where);
        } else {
          withoutSeries.push(`${q.dashboard} ${q.where} (no series: ${missing.join(', ')})`);
        }
      }
      const summary = `${withData.length} of ${queries.length} dashboard queries returned data; without series in this scenario: ${withoutSeries.join('; ') || 'none'}`;
      test.info().annotations.push({ type: 'dashboard queries', description: summary });
      console.log(summary);
      // The scenario produces at least the monitor's check metrics, scrape health and the alert it raised.
      for (const needle of [
        'synthetic_check_success{',
        'synthetic_check_last_run_timestamp_seconds{',
        'synthetic_check_duration_seconds_bucket{',
        'up{',
        'ALERTS{',
        'incidents_open{',
        'jobs_pending{',
        'result="bad_signature"}',
      ]) {
        expect(
          withData.some((w) => w.includes(needle)),
          `a query on ${needle.slice(0, -1)} returned data`,
        ).toBe(true);
      }
    });
  } finally {
    await faults('DELETE').catch(() => undefined);
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
