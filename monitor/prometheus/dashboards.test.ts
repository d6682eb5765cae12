// The Grafana dashboards and provisioning files: shape, ids, data source, units and thresholds.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  allPanels,
  bareIdentifiers,
  DASHBOARDS_DIR,
  dashboardQueries,
  loadDashboards,
  SUPPORTED_VARIABLES,
  substituteVariables,
  vectorSelectors,
} from './grafana';

const dashboards = loadDashboards();
const DATASOURCE_UID = '${datasource}';

/** Every `datasource` value anywhere in the JSON, with its path. */
function datasourceRefs(node: unknown, at = '$'): { at: string; value: unknown }[] {
  if (Array.isArray(node)) return node.flatMap((v, i) => datasourceRefs(v, `${at}[${i}]`));
  if (node && typeof node === 'object') {
    return Object.entries(node).flatMap(([key, value]) => [
      ...(key === 'datasource' ? [{ at: `${at}.${key}`, value }] : []),
      ...datasourceRefs(value, `${at}.${key}`),
    ]);
  }
  return [];
}

describe('Grafana dashboards', () => {
  it('are the two the issue asks for, each valid JSON with a unique uid', () => {
    expect(
      readdirSync(DASHBOARDS_DIR)
        .filter((f) => f.endsWith('.json'))
        .sort(),
    ).toEqual(['chat-vendor-reliability.json', 'webhooks-and-email.json']);
    for (const file of ['chat-vendor-reliability.json', 'webhooks-and-email.json']) {
      expect(() => JSON.parse(readFileSync(path.join(DASHBOARDS_DIR, file), 'utf8'))).not.toThrow();
    }
    expect(dashboards.map((d) => d.dashboard.title).sort()).toEqual(['Chat vendor reliability', 'Webhooks & email']);
    const uids = dashboards.map((d) => d.dashboard.uid);
    expect(new Set(uids).size).toBe(uids.length);
    for (const uid of uids) expect(uid).toMatch(/^[a-z0-9-]{1,40}$/);
  });

  it.each(dashboards.map((d) => [d.file, d.dashboard] as const))('%s: panel ids are unique', (_file, dashboard) => {
    const ids = allPanels(dashboard).map((p) => p.id);
    expect(ids.every((id) => Number.isInteger(id) && id > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(dashboards.map((d) => [d.file, d.dashboard] as const))(
    '%s: a "datasource" variable of type prometheus, and no hard-coded data source',
    (_file, dashboard) => {
      const variable = dashboard.templating?.list?.find((v) => v.name === 'datasource');
      expect(variable).toMatchObject({ type: 'datasource', query: 'prometheus' });
      const refs = datasourceRefs(dashboard);
      expect(refs.length).toBeGreaterThan(0);
      for (const { at, value } of refs) {
        // Grafana's own built-in annotation query is the one reference allowed not to use the variable.
        const builtIn = typeof value === 'object' && value !== null && (value as { type?: string }).type === 'grafana';
        if (builtIn) continue;
        expect(value, at).toEqual({ type: 'prometheus', uid: DATASOURCE_UID });
      }
      for (const panel of allPanels(dashboard).filter((p) => p.type !== 'row')) {
        expect(panel.datasource, `panel ${panel.id}`).toEqual({ type: 'prometheus', uid: DATASOURCE_UID });
        for (const target of panel.targets ?? [])
          expect(target.datasource, `panel ${panel.id} ${target.refId}`).toEqual({
            type: 'prometheus',
            uid: DATASOURCE_UID,
          });
      }
    },
  );

  it.each(dashboards.map((d) => [d.file, d.dashboard] as const))(
    '%s: every panel has queries, a unit and thresholds',
    (_file, dashboard) => {
      for (const panel of allPanels(dashboard).filter((p) => p.type !== 'row')) {
        const where = `panel ${panel.id} “${panel.title}”`;
        expect(panel.targets?.length, where).toBeGreaterThan(0);
        expect(panel.fieldConfig?.defaults?.unit, where).toMatch(/^(s|ms|percentunit|reqps|ops|short|none)$/);
        const steps = panel.fieldConfig?.defaults?.thresholds?.steps ?? [];
        expect(steps.length, where).toBeGreaterThan(0);
        expect(steps[0]?.value, `${where}: the first threshold step is the base (null)`).toBeNull();
        const values = steps.slice(1).map((s) => s.value as number);
        expect(values, `${where}: thresholds ascend`).toEqual([...values].sort((a, b) => a - b));
        const refIds = panel.targets!.map((t) => t.refId);
        expect(new Set(refIds).size, where).toBe(refIds.length);
      }
    },
  );

  it('percent panels use ratios (0–1) and time panels use seconds', () => {
    for (const { dashboard } of dashboards) {
      for (const panel of allPanels(dashboard).filter((p) => p.type !== 'row')) {
        const exprs = panel.targets!.map((t) => t.expr).join(' ');
        if (/histogram_quantile/.test(exprs)) expect(panel.fieldConfig?.defaults?.unit, `panel ${panel.id}`).toBe('s');
        if (panel.fieldConfig?.defaults?.unit === 'percentunit')
          expect(exprs, `panel ${panel.id}`).toMatch(/ \/ |avg_over_time\(synthetic_check_success/);
      }
    }
  });

  it('queries use only Grafana variables the end-to-end test can substitute, and braces for every selector', () => {
    const queries = dashboards.flatMap((d) => dashboardQueries(d.dashboard));
    for (const q of queries) {
      expect(
        () => substituteVariables(q.expr, { rateInterval: '1m', range: '1h', interval: '15s' }),
        `${q.dashboard} ${q.where}`,
      ).not.toThrow();
      expect(bareIdentifiers(q.expr), `${q.dashboard} ${q.where}`).toEqual([]);
      expect(vectorSelectors(q.expr).length, `${q.dashboard} ${q.where}`).toBeGreaterThan(0);
    }
    expect(SUPPORTED_VARIABLES).toContain('$__rate_interval');
  });

  it('cover what the issue lists for each dashboard', () => {
    const exprsOf = (title: string) =>
      dashboardQueries(dashboards.find((d) => d.dashboard.title === title)!.dashboard)
        .map((q) => q.expr)
        .join('\n');
    const vendor = exprsOf('Chat vendor reliability');
    for (const metric of [
      'synthetic_check_success',
      'synthetic_check_duration_seconds_bucket',
      'incidents_open',
      'vendor_webhooks_missing_total',
      'vendor_webhooks_backfilled_total',
      'chat_embed_loads_total',
    ]) {
      expect(vendor, `Chat vendor reliability shows ${metric}`).toContain(`${metric}{`);
    }
    const webhooks = exprsOf('Webhooks & email');
    for (const metric of [
      'vendor_webhooks_received_total',
      'vendor_webhook_lag_seconds_bucket',
      'emails_total',
      'jobs_pending',
    ]) {
      expect(webhooks, `Webhooks & email shows ${metric}`).toContain(`${metric}{`);
    }
    expect(webhooks).toMatch(/sum by \(type, result\) \(rate\(vendor_webhooks_received_total/);
    expect(webhooks).toMatch(/histogram_quantile\(0\.99, sum by \(le\) \(rate\(vendor_webhook_lag_seconds_bucket/);
  });
});

describe('Grafana provisioning', () => {
  const provisioning = path.resolve(DASHBOARDS_DIR, '..', 'provisioning');

  it('provisions a Prometheus data source from the environment, without a uid the dashboards would depend on', () => {
    const text = readFileSync(path.join(provisioning, 'datasources', 'chatwatch-prometheus.yml'), 'utf8');
    expect(text).toMatch(/^apiVersion: 1$/m);
    expect(text).toMatch(/^\s+type: prometheus$/m);
    expect(text).toMatch(/^\s+url: \$\{PROMETHEUS_URL\}$/m);
  });

  it('provisions the dashboards folder as a file provider', () => {
    const text = readFileSync(path.join(provisioning, 'dashboards', 'chatwatch.yml'), 'utf8');
    expect(text).toMatch(/^apiVersion: 1$/m);
    expect(text).toMatch(/^\s+type: file$/m);
    expect(text).toMatch(/^\s+path: \/\S+$/m);
  });
});
