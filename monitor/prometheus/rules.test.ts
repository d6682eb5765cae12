// The alert rules as a real Prometheus loads them: names, labels, annotations, runbook links, test coverage;
// and every Grafana query parsed and run by the same Prometheus.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPONENTS as INCIDENT_COMPONENTS } from '../../lib/incidents/components';
import { bareIdentifiers, dashboardQueries, loadDashboards, metricNames, substituteVariables } from './grafana';
import { startLocalPrometheus, type LocalServer } from './local-server';
import { instantQuery, ruleGroups, type AlertingRule } from './prom-api';
import {
  docExists,
  documentedMetrics,
  METRICS_DOC,
  readDoc,
  runbookHeader,
  runbookPages,
  runbookPath,
} from '../../test/support/docs';
import { renderPrometheusConfig } from './render';

const dir = import.meta.dirname;
const read = (file: string) => readFileSync(path.join(dir, file), 'utf8');

/** The rules issue 7 asks for. */
const EXPECTED_ALERTS = [
  'ChatWidgetDown',
  'VendorWebhooksMissing',
  'VendorWebhookLatencyHigh',
  'TransactionalEmailFailing',
  'WebhookSignatureFailuresSpike',
  'VendorApiDown',
  'ChatEmbedFailuresRUM',
  'ChatMonitorDown',
  'AppMetricsMissing',
  'WorkerBacklog',
];
/** The monitor's incident components (incidents_open{component}), and the app for AppMetricsMissing. */
const COMPONENTS: string[] = [...INCIDENT_COMPONENTS, 'app'];
/** Series Prometheus itself produces. */
const PROMETHEUS_METRICS = new Set(['up', 'ALERTS']);

interface Evaluation {
  test: string;
  seconds: number;
  alertname: string;
  firing: boolean;
}

/** The alert_rule_test evaluations of alerts.test.yml, read line by line (the file keeps one key per line). */
function evaluations(text: string): Evaluation[] {
  const out: Evaluation[] = [];
  let test = '';
  let seconds = NaN;
  let alertname = '';
  for (const line of text.split('\n')) {
    const name = /^ {2}- name: (.+)$/.exec(line);
    const time = /^\s+- eval_time: (\d+)(m|s)\s*$/.exec(line);
    const alert = /^\s+alertname: (\S+)\s*$/.exec(line);
    const expected = /^\s+exp_alerts:(.*)$/.exec(line);
    if (name) test = name[1]!;
    else if (time) seconds = Number(time[1]) * (time[2] === 'm' ? 60 : 1);
    else if (alert) alertname = alert[1]!;
    else if (expected) out.push({ test, seconds, alertname, firing: expected[1]!.trim() !== '[]' });
  }
  return out;
}

let prometheus: LocalServer;
let workDir: string;
let rules: AlertingRule[];

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'chatwatch-rules-'));
  const config = renderPrometheusConfig(read('prometheus.yml'), {
    appTarget: '127.0.0.1:9',
    monitorTarget: '127.0.0.1:9',
    ruleFiles: [path.join(dir, 'alerts.yml')],
    evaluationInterval: '1s',
    alertmanagerTarget: null,
    appCredentialsFile: path.join(workDir, 'metrics-token'),
  });
  writeFileSync(path.join(workDir, 'metrics-token'), 'unused-by-this-test');
  prometheus = await startLocalPrometheus(workDir, config);
  rules = (await ruleGroups(prometheus.url))
    .flatMap((g) => g.rules)
    .filter((r): r is AlertingRule => r.type === 'alerting');
});

afterAll(async () => {
  await prometheus?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('alert rules loaded by Prometheus', () => {
  it('are exactly the rules the issue lists, each once', () => {
    expect(rules.map((r) => r.name).sort()).toEqual([...EXPECTED_ALERTS].sort());
  });

  it('each have a severity, a known component, a summary, a description and a runbook link to its own page', () => {
    for (const rule of rules) {
      expect(rule.labels.severity, rule.name).toMatch(/^(critical|warning)$/);
      expect(COMPONENTS, rule.name).toContain(rule.labels.component);
      expect(rule.annotations.summary?.length, `${rule.name} summary`).toBeGreaterThan(20);
      expect(rule.annotations.description?.length, `${rule.name} description`).toBeGreaterThan(40);
      expect(rule.annotations.runbook_url, `${rule.name}: its runbook_url is the alert's own page`).toBe(
        runbookPath(rule.name),
      );
      expect(docExists(runbookPath(rule.name)), `${runbookPath(rule.name)} does not exist`).toBe(true);
      const header = runbookHeader(readDoc(runbookPath(rule.name)));
      expect(header, `${runbookPath(rule.name)} starts "# ${rule.name}" then "*Severity, component.*"`).toEqual({
        title: rule.name,
        severity: rule.labels.severity,
        component: rule.labels.component,
      });
    }
  });

  it('and the runbook pages are one to one: every page in docs/runbooks belongs to a rule', () => {
    expect(runbookPages()).toEqual(rules.map((r) => r.name).sort());
  });

  it('name the numbers: each summary or description prints $value or a queried figure', () => {
    for (const rule of rules) {
      const text = `${rule.annotations.summary} ${rule.annotations.description}`;
      expect(/\$value|\| query\b|\bquery `/.test(text), `${rule.name} annotations name no number`).toBe(true);
    }
  });

  it('wait a production-like time before firing (the end-to-end test shortens a copy, never the file)', () => {
    for (const rule of rules) expect(rule.duration, rule.name).toBeGreaterThanOrEqual(60);
  });

  it('are healthy when evaluated (no PromQL error at run time)', async () => {
    // Wait for the first evaluation round (every second here) rather than accept "unknown".
    const deadline = Date.now() + 10_000;
    let groups = await ruleGroups(prometheus.url);
    while (
      groups.flatMap((g) => g.rules).some((r) => (r as AlertingRule).health === 'unknown') &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 250));
      groups = await ruleGroups(prometheus.url);
    }
    for (const rule of groups.flatMap((g) => g.rules) as AlertingRule[]) {
      expect({ rule: rule.name, health: rule.health, error: rule.lastError ?? '' }).toEqual({
        rule: rule.name,
        health: 'ok',
        error: '',
      });
    }
  }, 30_000);

  it('use only metrics documented in docs/metrics.md', () => {
    const documented = documentedMetrics(readDoc(METRICS_DOC));
    for (const rule of rules) {
      for (const metric of metricNames(rule.query)) {
        const base = metric.replace(/_(bucket|sum|count)$/, '');
        if (!PROMETHEUS_METRICS.has(metric))
          expect(documented.has(metric) || documented.has(base), `${rule.name} uses ${metric}`).toBe(true);
      }
    }
  });
});

describe('alerts.test.yml', () => {
  const evals = evaluations(read('alerts.test.yml'));

  it('is read completely by this test (every evaluation has a time and an alert name)', () => {
    expect(evals.length).toBeGreaterThan(EXPECTED_ALERTS.length * 3);
    for (const e of evals) {
      expect(Number.isFinite(e.seconds), JSON.stringify(e)).toBe(true);
      expect(EXPECTED_ALERTS, JSON.stringify(e)).toContain(e.alertname);
    }
  });

  it.each(EXPECTED_ALERTS)('has a case where %s is silent, then fires, then resolves', (alert) => {
    const byTest = new Map<string, Evaluation[]>();
    for (const e of evals.filter((x) => x.alertname === alert)) byTest.set(e.test, [...(byTest.get(e.test) ?? []), e]);
    const complete = [...byTest.values()].some((cases) =>
      cases.some(
        (fire) =>
          fire.firing &&
          cases.some((e) => !e.firing && e.seconds < fire.seconds) &&
          cases.some((e) => !e.firing && e.seconds > fire.seconds),
      ),
    );
    expect(complete, `alerts.test.yml has no silent → firing → resolved case for ${alert}`).toBe(true);
  });
});

describe('Grafana dashboard queries', () => {
  const queries = loadDashboards().flatMap(({ dashboard }) => dashboardQueries(dashboard));

  it('exist', () => {
    expect(queries.length).toBeGreaterThan(20);
  });

  it('parse and run in Prometheus, with Grafana interval variables set', async () => {
    for (const q of queries) {
      const expr = substituteVariables(q.expr, { rateInterval: '1m', range: '1h', interval: '15s' });
      await expect(instantQuery(prometheus.url, expr), `${q.dashboard} ${q.where}: ${expr}`).resolves.toBeInstanceOf(
        Array,
      );
    }
  });

  it('select every series with braces and a job (so no query reads another product’s metrics)', () => {
    for (const q of queries) {
      expect(bareIdentifiers(q.expr), `${q.dashboard} ${q.where}`).toEqual([]);
      for (const metric of metricNames(q.expr)) {
        if (metric === 'ALERTS') continue;
        expect(q.expr, `${q.dashboard} ${q.where}: ${metric} without job`).toMatch(
          new RegExp(`${metric}\\{[^}]*job=~?"`),
        );
      }
    }
  });

  it('use only metrics documented in docs/metrics.md', () => {
    const documented = documentedMetrics(readDoc(METRICS_DOC));
    for (const q of queries) {
      for (const metric of metricNames(q.expr)) {
        const base = metric.replace(/_(bucket|sum|count)$/, '');
        if (!PROMETHEUS_METRICS.has(metric))
          expect(documented.has(metric) || documented.has(base), `${q.dashboard} ${q.where} uses ${metric}`).toBe(true);
      }
    }
  });
});
