import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { durationSeconds, renderAlertmanagerConfig, renderPrometheusConfig, scaleForDurations } from './render';

const dir = import.meta.dirname;
const read = (file: string) => readFileSync(path.join(dir, file), 'utf8');

describe('renderPrometheusConfig', () => {
  const rendered = renderPrometheusConfig(read('prometheus.yml'), {
    appTarget: '127.0.0.1:3200',
    monitorTarget: '127.0.0.1:9564',
    ruleFiles: ['/tmp/x/alerts.yml'],
    scrapeInterval: '1s',
    evaluationInterval: '1s',
    alertmanagerTarget: null,
  });

  it('points each job at its own target', () => {
    expect(rendered).toMatch(
      /job_name: chat-app\n\s+metrics_path: \/api\/metrics\n[\s\S]*?static_configs:\n\s+- targets: \["127\.0\.0\.1:3200"\]/,
    );
    expect(rendered).toMatch(
      /job_name: chat-monitor\n\s+metrics_path: \/metrics\n\s+static_configs:\n\s+- targets: \["127\.0\.0\.1:9564"\]/,
    );
    expect(rendered).not.toContain(':3000');
    expect(rendered).not.toContain(':9464');
  });

  it('sets the intervals, a scrape timeout no longer than the interval, and the rule files', () => {
    expect(rendered).toContain('  scrape_interval: 1s\n');
    expect(rendered).toContain('  scrape_timeout: 1000ms\n');
    expect(rendered).toContain('  evaluation_interval: 1s\n');
    expect(rendered).toContain('rule_files:\n  - "/tmp/x/alerts.yml"\n');
    expect(rendered).not.toContain('- alerts.yml');
  });

  it('drops the alerting block when there is no Alertmanager, and moves it when there is', () => {
    expect(rendered).not.toContain('alerting:');
    const withAm = renderPrometheusConfig(read('prometheus.yml'), {
      appTarget: 'a:1',
      monitorTarget: 'm:2',
      ruleFiles: ['/r.yml'],
      alertmanagerTarget: '127.0.0.1:9193',
    });
    expect(withAm).toMatch(
      /alerting:\n {2}alertmanagers:\n {4}- static_configs:\n {8}- targets: \["127\.0\.0\.1:9193"\]/,
    );
    expect(withAm).toContain('  scrape_interval: 15s\n');
  });

  it('refuses a source it cannot rewrite instead of keeping production values', () => {
    expect(() =>
      renderPrometheusConfig(read('prometheus.yml').replace('job_name: chat-monitor', 'job_name: other'), {
        appTarget: 'a:1',
        monitorTarget: 'm:2',
        ruleFiles: [],
        alertmanagerTarget: null,
      }),
    ).toThrow(/chat-monitor/);
  });
});

describe('scaleForDurations', () => {
  it('divides every `for:` and keeps everything else', () => {
    const source = read('alerts.yml');
    const scaled = scaleForDurations(source, 6);
    expect(scaled.match(/^\s+for: .*$/gm)?.map((l) => l.trim())).toEqual([
      'for: 20s',
      'for: 10s',
      'for: 10s',
      'for: 100s',
      'for: 100s',
      'for: 50s',
      'for: 50s',
      'for: 20s',
      'for: 20s',
      'for: 30s',
    ]);
    expect(scaled.replace(/^(\s+)for: .*$/gm, '$1for: X')).toBe(source.replace(/^(\s+)for: .*$/gm, '$1for: X'));
  });

  it('never goes under the minimum', () => {
    expect(scaleForDurations('    for: 30s\n', 60, 2)).toBe('    for: 2s\n');
  });

  it('throws when there is nothing to scale', () => {
    expect(() => scaleForDurations('groups: []\n', 6)).toThrow();
  });
});

describe('durationSeconds', () => {
  it('reads Prometheus durations', () => {
    expect([durationSeconds('500ms'), durationSeconds('15s'), durationSeconds('2m'), durationSeconds('1h')]).toEqual([
      0.5, 15, 120, 3600,
    ]);
    expect(() => durationSeconds('1d2h')).toThrow();
  });
});

describe('renderAlertmanagerConfig', () => {
  it('moves the secret files, the template and the PagerDuty endpoint, and shortens grouping', () => {
    const text = renderAlertmanagerConfig(read('alertmanager.yml'), {
      secretsDir: '/tmp/s/',
      templatesDir: '/repo/monitor/prometheus',
      pagerdutyUrl: 'http://127.0.0.1:1/pd',
      groupWait: '1s',
      groupInterval: '2s',
    });
    expect(text).not.toContain('/etc/alertmanager');
    expect(text).toContain('routing_key_file: /tmp/s/pagerduty-routing-key');
    expect(text.match(/api_url_file: \/tmp\/s\/slack-webhook-url/g)).toHaveLength(2);
    expect(text).toContain('  - "/repo/monitor/prometheus/chatwatch.tmpl"');
    expect(text).toContain('  pagerduty_url: "http://127.0.0.1:1/pd"');
    expect(text).toContain('  group_wait: 1s\n');
    expect(text).toContain('  group_interval: 2s\n');
  });

  it('keeps no secret in the checked-in file: every credential is a *_file path', () => {
    const source = read('alertmanager.yml');
    expect(source).not.toMatch(/^\s*(routing_key|service_key|api_url|api_key|auth_password):/m);
    expect(source).toMatch(/routing_key_file: \/etc\/alertmanager\/secrets\//);
    expect(source).toMatch(/api_url_file: \/etc\/alertmanager\/secrets\//);
  });

  it("points the chat-app job at the file holding /api/metrics' bearer token", () => {
    const rendered = renderPrometheusConfig(read('prometheus.yml'), {
      appTarget: 'a:1',
      monitorTarget: 'm:2',
      ruleFiles: [],
      alertmanagerTarget: null,
      appCredentialsFile: '/tmp/x/metrics-token',
    });
    const app = rendered.slice(rendered.indexOf('job_name: chat-app'), rendered.indexOf('job_name: chat-monitor'));
    expect(app).toContain('type: Bearer');
    expect(app).toContain('credentials_file: "/tmp/x/metrics-token"');
  });
});
